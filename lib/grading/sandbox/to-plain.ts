import { intrinsics as I, put } from './intrinsics';

/** Limits on what a submission may return; larger results are an error, not a crash. */
export const MAX_VALUES = 2_000_000;
const MAX_DEPTH = 64;
const MAX_STRING = 1_000_000;
const MAX_DTYPE_CHARS = 16;

export class ResultShapeError extends Error {
  override name = 'ResultShapeError';
}

/** How the harness recognises and reads tensors without trusting the object it was handed. */
export interface TensorAccess {
  /** A tensor the engine made (not an object that only looks like one). */
  isTensor(v: unknown): boolean;
  /** Not disposed yet. */
  isLive(v: unknown): boolean;
  /** Its values, flat (a typed array, or an array of strings), read with the tensor class's own method. */
  readFlat(v: unknown): unknown;
}

/** An own data property, read without running getters or consulting the prototype chain. */
function own(target: object, key: PropertyKey): unknown {
  const descriptor = I.getOwnPropertyDescriptor(target, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

/** A tensor's shape from its own `shape` property, every dimension checked; undefined when tampered with. */
export function readTensorShape(tensor: object): number[] | undefined {
  const shape = own(tensor, 'shape');
  if (!I.isArray(shape)) return undefined;
  const rank = own(shape, 'length') as number;
  const dims: number[] = [];
  for (let i = 0; i < rank; i += 1) {
    const d = own(shape, i);
    if (typeof d !== 'number' || !I.isInteger(d) || d < 0) return undefined;
    put(dims, i, d);
  }
  return dims;
}

/**
 * Converts a value returned through the driver into plain data (numbers, strings, arrays,
 * plain objects; tensors become { kind: 'tensor', shape, dtype, values }). Runs inside the
 * sandbox under the test's time budget, so a looping getter or proxy is a timeout, not a hang.
 * Everything it returns is built here from primitives, so it can always be copied out; it never
 * iterates or calls methods of the value (the submission may have replaced them).
 */
export function toPlain(value: unknown, tensors: TensorAccess): unknown {
  let budget = MAX_VALUES;
  const spend = (n: number) => {
    if (!(n >= 0 && budget >= n)) throw new ResultShapeError(`The returned value is too large (more than ${MAX_VALUES} numbers and characters). Return only what the function is asked for.`);
    budget -= n;
  };

  const tensorToPlain = (v: object, depth: number): unknown => {
    const dims = readTensorShape(v);
    const dtype = own(v, 'dtype');
    if (dims === undefined) throw new ResultShapeError('The function returned a tensor whose shape was tampered with.');
    const rank = dims.length;
    let size = 1;
    for (let i = 0; i < rank; i += 1) size *= dims[i]!;
    if (typeof dtype !== 'string' || dtype.length > MAX_DTYPE_CHARS) throw new ResultShapeError('The function returned a tensor whose dtype was tampered with.');
    if (dtype === 'complex64') throw new ResultShapeError('The function returned a complex64 tensor; return its real and imaginary parts as separate tensors.');
    if (depth + rank > MAX_DEPTH) throw new ResultShapeError(`The returned value is nested more than ${MAX_DEPTH} levels deep.`);
    spend(size);
    const disposed = new ResultShapeError('The function returned a tensor that was already disposed. Return it before disposing it, or return plain arrays.');
    if (!tensors.isLive(v)) throw disposed;
    let flat: unknown;
    try {
      flat = tensors.readFlat(v);
    } catch {
      throw disposed;
    }
    // Nest the flat values here (tfjs's own nesting uses builtins the submission may have replaced).
    const typed = I.typedArrayTag(flat) !== undefined;
    if (!typed && !I.isArray(flat)) throw new ResultShapeError('The values of the returned tensor could not be read.');
    const available = typed ? I.typedArrayLength(flat) : (own(flat as object, 'length') as number);
    if (!(available >= size)) throw new ResultShapeError('The values of the returned tensor could not be read.');
    const element = (index: number) => visit(typed ? (flat as Record<number, unknown>)[index] : own(flat as object, index), depth + rank + 1);
    const strides: number[] = [];
    let stride = 1;
    for (let axis = rank - 1; axis >= 0; axis -= 1) {
      put(strides, axis, stride);
      stride *= dims[axis]!;
    }
    const nest = (axis: number, offset: number): unknown => {
      if (axis === rank) return element(offset);
      const out: unknown[] = [];
      for (let i = 0; i < dims[axis]!; i += 1) put(out, i, nest(axis + 1, offset + i * strides[axis]!));
      return out;
    };
    return { kind: 'tensor', shape: dims, dtype, values: nest(0, 0) };
  };

  const visit = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new ResultShapeError(`The returned value is nested more than ${MAX_DEPTH} levels deep.`);
    spend(1);
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      if (v.length > MAX_STRING) throw new ResultShapeError(`A returned string is longer than ${MAX_STRING} characters.`);
      spend(v.length);
      return v;
    }
    if (typeof v === 'bigint') throw new ResultShapeError('The function returned a BigInt; return a number instead.');
    if (typeof v === 'function') throw new ResultShapeError('The function returned a function; return data (numbers, arrays, objects).');
    if (typeof v === 'symbol') throw new ResultShapeError('The function returned a Symbol; return data (numbers, arrays, objects).');
    if (typeof v !== 'object') throw new ResultShapeError('The function returned a value that is not data.');
    if (tensors.isTensor(v)) return tensorToPlain(v, depth);
    if (I.typedArrayTag(v) !== undefined) {
      // Indexed reads of a typed array run no user code; its iterator might.
      const length = I.typedArrayLength(v);
      spend(length);
      const out: unknown[] = [];
      for (let i = 0; i < length; i += 1) put(out, i, visit((v as unknown as Record<number, unknown>)[i], depth + 1));
      return out;
    }
    if (I.isArray(v)) {
      const length = own(v, 'length');
      if (typeof length !== 'number') throw new ResultShapeError('The function returned an array whose length cannot be read; return plain data.');
      spend(length);
      const out: unknown[] = [];
      for (let i = 0; i < length; i += 1) {
        const descriptor = I.getOwnPropertyDescriptor(v, i);
        if (descriptor && !('value' in descriptor)) throw new ResultShapeError(`Element ${i} of the returned array is a getter; return plain data.`);
        put(out, i, visit(descriptor?.value, depth + 1));
      }
      return out;
    }
    if (v instanceof I.Map || v instanceof I.Set || v instanceof I.Promise || v instanceof I.WeakMap || v instanceof I.WeakSet) {
      throw new ResultShapeError('The function returned a Map, Set or Promise; return arrays or plain objects (did you forget `await`?).');
    }
    const proto = I.getPrototypeOf(v);
    if (proto !== I.ObjectPrototype && proto !== null) {
      const constructor = own(proto as object, 'constructor');
      const name = typeof constructor === 'function' ? own(constructor, 'name') : undefined;
      throw new ResultShapeError(
        `The function returned an instance of ${typeof name === 'string' && name.length <= 60 ? name : 'a class'}; return plain data (numbers, arrays, plain objects).`,
      );
    }
    const out: Record<string, unknown> = {};
    const keys = I.ownKeys(v);
    for (let k = 0; k < keys.length; k += 1) {
      const key = keys[k];
      if (typeof key !== 'string') continue;
      const descriptor = I.getOwnPropertyDescriptor(v, key);
      if (!descriptor?.enumerable) continue;
      if (!('value' in descriptor)) throw new ResultShapeError(`Property "${I.stringSlice(key, 0, 60)}" of the returned object is a getter; return plain data.`);
      // A key is copied out like a string value, and counts like one.
      if (key.length > MAX_STRING) throw new ResultShapeError(`A key of a returned object is longer than ${MAX_STRING} characters.`);
      spend(key.length);
      put(out, key, visit(descriptor.value, depth + 1));
    }
    // Only the harness describes tensors this way: a look-alike would pass tensor checks on the host.
    if (own(out, 'kind') === 'tensor') {
      throw new ResultShapeError('The function returned a plain object shaped like a tensor ({ kind: "tensor", ... }); return a real tf.Tensor or plain arrays.');
    }
    return out;
  };
  return visit(value, 0);
}
