/**
 * `npm run zoo:check`: rebuilds the zoo into a temporary folder (without latency measurements)
 * and checks that the committed models are reproduced: same topology, weights and held-out
 * metrics within tolerance; then checks the pretrained networks' committed outputs (see
 * lib/zoo/pretrained/check-pretrained.ts). Exits 1 with one line per difference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildZoo } from '../build-zoo';
import { compareZoo } from '../compare-zoo';
import { ZOO_DIR } from '../read-zoo';

async function main(): Promise<number> {
  const startedAt = performance.now();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-check-'));
  try {
    await buildZoo(out, { measureLatency: false });
    const { models, problems } = compareZoo(path.resolve(ZOO_DIR), out);
    for (const m of models) console.log(`${m.name.padEnd(18)} max weight difference ${m.maxWeightDifference.toExponential(2)}, max metric difference ${m.maxMetricDifference.toExponential(2)}`);
    // Imported only now: it registers tfjs's wasm backend, and the zoo above must train on the cpu backend.
    const { checkPretrained } = await import('../pretrained/check-pretrained');
    const pretrained = await checkPretrained();
    console.log(`pretrained         swatch images ${pretrained.problems.length === 0 ? 'reproduced' : 'NOT reproduced'}, max MobileNetV2 output difference ${pretrained.worstDifference.toExponential(2)}`);
    problems.push(...pretrained.problems);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    if (problems.length > 0) {
      console.error(`\nThe committed zoo is not reproduced (${seconds} s):\n  ${problems.join('\n  ')}`);
      return 1;
    }
    console.log(`\nThe committed zoo is reproduced: ${models.length} models within tolerance (${seconds} s).`);
    return 0;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
