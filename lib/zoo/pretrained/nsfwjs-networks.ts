/**
 * The three image classifiers that ship inside the `nsfwjs` npm package (MIT), loaded from the
 * package's JS-wrapped weight shards with no network access. Two of its three are used here, both tfjs
 * layers models with the same pooled features → 256 → 128 → 5 head: MobileNetV2 (224 px) and InceptionV3
 * (299 px). The third, a wider MobileNetV2 (graph model), has no 128-d layer: its only feature
 * vector is 1792-d, too large to ship for every image. Both take RGB pixels divided by 255
 * (values in [0, 1]), as nsfwjs itself feeds them.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

export interface NetworkSpec {
  /** Our name for it (file names, cards). */
  name: 'mobilenet-v2' | 'inception-v3';
  /** The folder under nsfwjs's dist/models/. */
  folder: string;
  /** What nsfwjs calls it. */
  nsfwjsName: string;
  /** Input side in pixels (square). */
  size: number;
}

export const NSFWJS_NETWORKS: readonly NetworkSpec[] = [
  { name: 'mobilenet-v2', folder: 'mobilenet_v2', nsfwjsName: 'MobileNetV2', size: 224 },
  { name: 'inception-v3', folder: 'inception_v3', nsfwjsName: 'InceptionV3', size: 299 },
];

/** The five classes of every nsfwjs network, in output order. */
export const NSFWJS_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** The installed package's folder (its `exports` map hides package.json, so walk up from its entry point). */
function packageRoot(): string {
  let dir = path.dirname(require.resolve('nsfwjs'));
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) !== 'nsfwjs') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('The nsfwjs package was not found: run npm install (it is a devDependency).');
    dir = parent;
  }
  return dir;
}

export function nsfwjsVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function modelsDir(): string {
  return path.join(packageRoot(), 'dist', 'models');
}

/** The model's artifacts from the package: model.min.js holds the JSON, each shard's .min.js a base64 string. */
export function readNsfwjsArtifacts(spec: NetworkSpec): { json: ModelJson; artifacts: tf.io.ModelArtifacts } {
  const dir = path.join(modelsDir(), spec.folder);
  const json = require(path.join(dir, 'model.min.js')) as ModelJson;
  const shards = json.weightsManifest.flatMap((group) => group.paths).map((shard) => Buffer.from(require(path.join(dir, `${shard}.min.js`)) as string, 'base64'));
  const weights = Buffer.concat(shards);
  return {
    json,
    artifacts: {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    },
  };
}

export interface LoadedNetwork {
  spec: NetworkSpec;
  /** Parameters, counted from the weight shapes. */
  parameters: number;
  /** Images [n, size, size, 3] in [0, 1] → { embedding [n, d], probabilities [n, 5] }. */
  run(images: tf.Tensor4D): { embedding: tf.Tensor2D; probabilities: tf.Tensor2D };
  /** The full classifier (its layer shapes give the cost model). */
  layersModel: tf.LayersModel;
  dispose(): void;
}

/**
 * Loads one network. The embedding is the classifier's 128-unit ReLU layer `dense_2`, the input
 * of its last dense layer.
 */
export async function loadNsfwjsNetwork(spec: NetworkSpec): Promise<LoadedNetwork> {
  const { json, artifacts } = readNsfwjsArtifacts(spec);
  const parameters = json.weightsManifest.flatMap((g) => g.weights).reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  const features = tf.model({ inputs: model.inputs, outputs: [model.getLayer('dense_2').output as tf.SymbolicTensor, model.outputs[0]!] });
  return {
    spec,
    parameters,
    layersModel: model,
    run: (images) => {
      const [embedding, probabilities] = features.predict(images) as tf.Tensor2D[];
      return { embedding: embedding!, probabilities: probabilities! };
    },
    dispose: () => model.dispose(),
  };
}
