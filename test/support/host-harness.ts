import * as tf from '@tensorflow/tfjs';
import type { HarnessHelpers, ModelArtifactsData } from '@/lib/grading/test-api';
import type { LoadedCase } from '@/lib/grading/load-test-suite';

/**
 * Runs a test case's driver directly in this Node process, with no sandbox: the baseline the
 * grading benchmark compares against. Trusted code only.
 */
export async function runCaseBare(user: unknown, testCase: LoadedCase): Promise<unknown> {
  await tf.setBackend('cpu');
  const owned: { dispose(): unknown }[] = [];
  const own = <T extends { dispose(): unknown }>(value: T): T => {
    owned.push(value);
    return value;
  };
  const h: HarnessHelpers = {
    tf,
    own,
    now: () => performance.now(),
    tensor: (values, shape, dtype) => own(tf.tensor(values, shape, dtype)),
    loadModel: async (artifacts: ModelArtifactsData) => {
      const weightData = new Float32Array(artifacts.weightData).buffer;
      const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs, weightData }));
      return own(model);
    },
    // The bare baseline measures time only: no cost counting.
    countPredictCalls: () => ({ calls: 0, batchSizes: [], flops: 0 }),
    modelSize: (model) => ({ parameters: model.countParams(), bytes: model.countParams() * 4 }),
    // Trusted code, no submission boundary: the model is taken as it is, arguments are not copied.
    model: async (candidate) => candidate as tf.LayersModel,
    lend: (value) => value,
  };
  const value = await testCase.run(user, structuredClone(testCase.input), h);
  const plain = value instanceof tf.Tensor ? { kind: 'tensor', shape: value.shape, dtype: value.dtype, values: value.arraySync() } : value;
  if (value instanceof tf.Tensor) value.dispose();
  for (const item of owned) item.dispose();
  return plain;
}
