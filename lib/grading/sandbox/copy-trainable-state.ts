/**
 * Which weights a model would train is not part of what `save` writes: a container's own
 * `trainable` (`base.trainable = false` hides every layer inside it) and the flag of each weight
 * are lost, and only the layers' flags come back. The verified copy of a model (`h.model`) gets
 * them from the original here, so its `trainableWeights` are the original's.
 *
 * The original's state is read as plain data (own data properties, never a getter of its own) and
 * written into the copy through the library's setters, container first, then its layers, then each
 * layer's weights, so every level ends as the original's.
 */
import { intrinsics as I } from './intrinsics';

/** The original's trainable state cannot be read, or does not fit the rebuild: the model cannot be measured. */
export class TrainableStateError extends Error {
  override name = 'TrainableStateError';
}

const MAX_DEPTH = 8;

/** An own data property of `target`; a getter where the library keeps data means the object is not what it claims. */
function readData(target: object, key: string): unknown {
  const descriptor = I.getOwnPropertyDescriptor(target, key);
  if (descriptor !== undefined && !('value' in descriptor)) {
    throw new TrainableStateError(`The model's "${key}" was replaced by a getter: which weights it trains cannot be read.`);
  }
  return descriptor?.value;
}

function listOf(target: object, key: string): object[] | undefined {
  const list = readData(target, key);
  if (!I.isArray(list)) return undefined;
  const out: object[] = [];
  for (let i = 0; i < list.length; i += 1) out[i] = readData(list, I.String(i)) as object;
  return out;
}

const mismatch = () => new TrainableStateError('The returned model could not be rebuilt with the same trainable weights: it cannot be measured.');

type Settable = { trainable: boolean };

function copyLayer(original: object, copy: object, depth: number): void {
  if (readData(original, 'name') !== readData(copy, 'name')) throw mismatch();
  // tfjs reads these flags for their truth value (`if (this.trainable_)`), as the copy does.
  (copy as Settable).trainable = !!readData(original, 'trainable_');
  const originalLayers = listOf(original, 'layers');
  if (originalLayers !== undefined && depth < MAX_DEPTH) {
    const copyLayers = listOf(copy, 'layers') ?? [];
    if (copyLayers.length !== originalLayers.length) throw mismatch();
    for (let i = 0; i < originalLayers.length; i += 1) copyLayer(originalLayers[i]!, copyLayers[i]!, depth + 1);
  }
  const originalWeights = listOf(original, '_trainableWeights') ?? [];
  const copyWeights = listOf(copy, '_trainableWeights') ?? [];
  if (copyWeights.length !== originalWeights.length) throw mismatch();
  for (let i = 0; i < originalWeights.length; i += 1) (copyWeights[i] as Settable).trainable = !!readData(originalWeights[i]!, 'trainable_');
}

/** Makes `copy` (the harness's rebuild of `original`) train exactly the weights `original` would. */
export function copyTrainableState(original: object, copy: object): void {
  copyLayer(original, copy, 0);
}
