import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateClassifier } from '@/lib/zoo/evaluate-classifier';
import { loadGlyphSplits } from '@/lib/zoo/glyphs';
import { readZooCard, readZooModel } from '@/lib/zoo/read-zoo';
import { loadZipSplits } from '@/lib/zoo/zip-regions';

/** Builds a model from the artifacts the way the grader's h.loadModel does (fromMemory, float32 buffer). */
async function load(name: string): Promise<tf.LayersModel> {
  const a = readZooModel(name);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs, weightData: new Float32Array(a.weightData).buffer }));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('readZooModel', () => {
  it('gives artifacts that rebuild region-mlp-m with the validation accuracy its card states', async () => {
    const card = readZooCard('region-mlp-m');
    const { mean, std } = card.inputs.normalisation!;
    const rows = loadZipSplits().validation;
    const model = await load('region-mlp-m');
    const x = tf.tensor2d(rows.map((r) => [(r.latitude - mean[0]!) / std[0]!, (r.longitude - mean[1]!) / std[1]!]));
    expect(evaluateClassifier(tf, model, x, rows.map((r) => r.label))).toEqual(card.metrics.validation);
    tf.dispose(x);
    model.dispose();
  });

  it('gives an embedder whose output is the CNN’s 32-unit layer', async () => {
    const [cnn, embedder] = [await load('glyphs-cnn'), await load('glyphs-embedder')];
    const images = loadGlyphSplits().test.images.slice(0, 4);
    const x = tf.tensor4d(images.flat(), [4, 16, 16, 1]);
    const cut = tf.model({ inputs: cnn.inputs, outputs: cnn.getLayer('embedding').output as tf.SymbolicTensor });
    const [a, b] = [cut.predict(x) as tf.Tensor, embedder.predict(x) as tf.Tensor];
    expect(b.shape).toEqual([4, 32]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    cnn.dispose();
    embedder.dispose();
  });
});
