/**
 * Builds data/backbones.json from the model zoo's pretrained-network outputs
 * (exercises/zoo/pretrained/, written by `npm run pretrained:build`): for nsfwjs's MobileNetV2 and
 * InceptionV3 (MIT), every conv2d, depthwise and dense layer's output and kernel shapes (not their
 * multiply-adds: computing those is the exercise), and the 128-d `dense_2` embeddings of the 160
 * generated fabric-swatch photos, split as the zoo splits them. Then runs the reference on the
 * prompt's job (JOB) and writes .meta/expected.json (candidates, choice, test accuracy).
 *
 * Run: npx tsx exercises/model-selection/pick-a-backbone-under-a-latency-budget/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SWATCH_PATTERNS } from '../../../../lib/zoo/pretrained/draw-swatch';
import { selectBackbone, type Backbone } from './solution';

/** The job the prompt describes: the product-search server, a 100 ms budget, a 0.5 floor. */
export const JOB = {
  device: { macsPerMs: { conv2d: 200e6, depthwise: 20e6, dense: 50e6 }, msPerLayer: 0.02 },
  options: { budgetMs: 100, floor: 0.5, probe: { classes: 5, epochs: 10, learningRate: 0.1, seed: 7 } },
};

const here = path.dirname(fileURLToPath(import.meta.url));
const zoo = path.join(here, '../../../zoo/pretrained');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(zoo, file), 'utf8'));

const backbones = ['mobilenet-v2', 'inception-v3'].map((name) => {
  const layers = (read(`layers-${name}.json`) as { layers: { name: string; kind: string; output: number[]; kernel: number[] }[] }).layers;
  const images = (read(`swatches-${name}.json`) as { images: { split: string; pattern: (typeof SWATCH_PATTERNS)[number]; embedding: number[] }[] }).images;
  const splitOf = (split: string) => {
    const rows = images.filter((i) => i.split === split);
    return { labels: rows.map((r) => SWATCH_PATTERNS.indexOf(r.pattern)), embeddings: rows.map((r) => r.embedding) };
  };
  return {
    name,
    layers: layers.map(({ name: layer, kind, output, kernel }) => ({ name: layer, kind, output, kernel })),
    train: splitOf('train'),
    validation: splitOf('validation'),
    test: splitOf('test'),
  };
});

fs.writeFileSync(path.join(here, '..', 'data', 'backbones.json'), `${JSON.stringify({ classes: SWATCH_PATTERNS, backbones })}\n`);
console.log(`wrote ${backbones.map((b) => `${b.name} (${b.layers.length} layers)`).join(', ')}`);

selectBackbone(backbones as Backbone[], JOB.device, JOB.options)
  .then((selection) => {
    fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify({ job: JOB, ...selection }, null, 1)}\n`);
    console.log(JSON.stringify(selection));
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
