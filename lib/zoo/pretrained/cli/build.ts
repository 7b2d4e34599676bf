/** `npm run pretrained:build`: runs nsfwjs's networks over the swatch images into exercises/zoo/pretrained/ (see its README). */
import path from 'node:path';
import { buildPretrained, PRETRAINED_DIR } from '../build-pretrained';

async function main(): Promise<void> {
  const startedAt = performance.now();
  await buildPretrained(path.resolve(PRETRAINED_DIR), (line) => console.log(line));
  console.log(`Built into ${PRETRAINED_DIR}/ in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
