/** `npm run zoo:build`: trains every zoo model into exercises/zoo/ (see exercises/zoo/README.md). */
import path from 'node:path';
import { buildZoo } from '../build-zoo';
import { ZOO_DIR } from '../read-zoo';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const index = await buildZoo(path.resolve(ZOO_DIR), { measureLatency: true, log: (line) => console.log(line) });
  console.log(`Built ${index.length} models into ${ZOO_DIR}/ in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
