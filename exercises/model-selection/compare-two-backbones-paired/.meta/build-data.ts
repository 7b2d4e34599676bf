/**
 * Builds data/backbones.json from the model zoo's pretrained-network outputs
 * (exercises/zoo/pretrained/, written by `npm run pretrained:build`): the 128-d `dense_2`
 * embeddings that nsfwjs's real MobileNetV2 and InceptionV3 (MIT) produce for the 80 training and
 * 40 test photos of generated fabric swatches. InceptionV3's export job is missing MISSING test
 * photos, picked with mulberry32(MISSING_SEED): the two logs do not hold the same test photos.
 * Then runs the reference on the prompt's bake-off and on the same comparison reversed with a
 * 15-epoch recipe, and writes .meta/expected.json.
 *
 * Run: npx tsx exercises/model-selection/compare-two-backbones-paired/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';
import { SWATCH_PATTERNS } from '../../../../lib/zoo/pretrained/draw-swatch';
import { compareBackbones, type Backbone } from './solution';

/** The bake-off the prompt describes, and the same comparison the other way round with a shorter recipe. */
const BAKE_OFF = { probe: { classes: 5, epochs: 30, learningRate: 0.05, seed: 7 }, alpha: 0.05, resamples: 2000, seed: 2026 };
const SHORT_RECIPE = { probe: { classes: 5, epochs: 15, learningRate: 0.05, seed: 7 }, alpha: 0.05, resamples: 2000, seed: 2026 };
const MISSING = 4;
const MISSING_SEED = 17;

const here = path.dirname(fileURLToPath(import.meta.url));
const zoo = path.join(here, '../../../zoo/pretrained');
interface Image {
  id: string;
  split: string;
  pattern: (typeof SWATCH_PATTERNS)[number];
  embedding: number[];
}
const imagesOf = (name: string) => (JSON.parse(fs.readFileSync(path.join(zoo, `swatches-${name}.json`), 'utf8')) as { images: Image[] }).images;

/** Test ids the InceptionV3 export lost: MISSING distinct ones, drawn without replacement. */
function missingIds(testIds: string[]): Set<string> {
  const rand = mulberry32(MISSING_SEED);
  const pool = [...testIds];
  const lost = new Set<string>();
  while (lost.size < MISSING) lost.add(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return lost;
}

function backboneOf(name: string, lost: Set<string>): Backbone {
  const images = imagesOf(name);
  const train = images.filter((i) => i.split === 'train');
  const test = images.filter((i) => i.split === 'test' && !lost.has(i.id));
  const label = (i: Image) => SWATCH_PATTERNS.indexOf(i.pattern);
  return {
    name,
    train: { embeddings: train.map((i) => i.embedding), labels: train.map(label) },
    test: { ids: test.map((i) => i.id), embeddings: test.map((i) => i.embedding), labels: test.map(label) },
  };
}

const lost = missingIds(imagesOf('inception-v3').filter((i) => i.split === 'test').map((i) => i.id));
const backbones = [backboneOf('mobilenet-v2', new Set()), backboneOf('inception-v3', lost)];
fs.writeFileSync(path.join(here, '..', 'data', 'backbones.json'), `${JSON.stringify({ classes: SWATCH_PATTERNS, backbones })}\n`);
console.log(`wrote ${backbones.map((b) => `${b.name} (${b.train.labels.length} train, ${b.test.ids.length} test)`).join(', ')}; lost ${[...lost].join(', ')}`);

async function writeExpected(): Promise<void> {
  const [mobilenet, inception] = backbones as [Backbone, Backbone];
  const bakeOff = await compareBackbones(mobilenet, inception, BAKE_OFF);
  const reversedShortRecipe = await compareBackbones(inception, mobilenet, SHORT_RECIPE);
  const expected = { bakeOff: { options: BAKE_OFF, result: bakeOff }, reversedShortRecipe: { options: SHORT_RECIPE, result: reversedShortRecipe } };
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(expected)}\n`);
  for (const { ids, correctA, correctB, ...summary } of [bakeOff, reversedShortRecipe]) {
    console.log(JSON.stringify({ photos: ids.length, rightA: correctA.filter(Boolean).length, rightB: correctB.filter(Boolean).length, ...summary }));
  }
}

writeExpected()
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
