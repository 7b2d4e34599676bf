/**
 * Writes a layers model in the tfjs layers format (model.json + weights.bin), and reads one back
 * as the plain artifacts the grader's `h.loadModel` takes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { ModelArtifactsData } from '@/lib/grading/test-api';

export interface SavedModelFiles {
  weightsBytes: number;
  modelJsonBytes: number;
}

interface ModelJson {
  modelTopology: ModelArtifactsData['modelTopology'];
  format: string;
  generatedBy: string;
  convertedBy: null;
  weightsManifest: { paths: string[]; weights: ModelArtifactsData['weightSpecs'] }[];
}

export async function saveModel(tf: typeof tfjs, model: tfjs.LayersModel, dir: string): Promise<SavedModelFiles> {
  fs.mkdirSync(dir, { recursive: true });
  let saved: SavedModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = Buffer.from(artifacts.weightData as ArrayBuffer);
      const json: ModelJson = {
        modelTopology: artifacts.modelTopology as ModelJson['modelTopology'],
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs as ModelJson['weightsManifest'][0]['weights'] }],
      };
      const text = `${JSON.stringify(json)}\n`;
      fs.writeFileSync(path.join(dir, 'weights.bin'), weights);
      fs.writeFileSync(path.join(dir, 'model.json'), text);
      saved = { weightsBytes: weights.length, modelJsonBytes: Buffer.byteLength(text) };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** The model in `dir` as `{ modelTopology, weightSpecs, weightData: number[] }` (float32/int32 values in order). */
export function readModelArtifacts(dir: string): ModelArtifactsData {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as ModelJson;
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const weightData: number[] = [];
  let offset = 0;
  for (const spec of weightSpecs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = spec.dtype === 'int32' ? new Int32Array(buffer, offset * 4, size) : new Float32Array(buffer, offset * 4, size);
    for (let i = 0; i < size; i += 1) weightData.push(values[i]!);
    offset += size;
  }
  return { modelTopology: json.modelTopology, weightSpecs, weightData };
}
