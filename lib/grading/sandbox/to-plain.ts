import { intrinsics as I, put } from './intrinsics';

/** Limits on what a submission may return; larger results are an error, not a crash. */
export const MAX_VALUES = 2_000_000;
const MAX_DEPTH = 64;
const MAX_STRING = 1_000_000;

export class ResultShapeError extends Error {
  override name = 'ResultShapeError';
}

interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  arraySync(): unknown;
}

/**
 * Converts a value returned through the driver into plain data (numbers, strings, arrays,
 * plain objects; tensors become { kind: 'tensor', shape, dtype, values }). Runs inside the
 * sandbox under the test's time budget, so a looping getter or proxy is a timeout, not a hang.
 */
export function toPlain(value: unknown, isTensor: (v: unknown) => v is TensorLike): unknown {
  let budget = MAX_VALUES;
  const spend = (n: number) => {
    budget -= n;
    if (budget < 0) throw new ResultShapeError(`The returned value is too large (more than ${MAX_VALUES} values). Return only what the function is asked for.`);
  };

  const visit = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new ResultShapeError(`The returned value is nested more than ${MAX_DEPTH} levels deep.`);
    spend(1);
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      if (v.length > MAX_STRING) throw new ResultShapeError(`A returned string is longer than ${MAX_STRING} characters.`);
      spend(v.length >> 4);
      return v;
    }
    if (typeof v === 'bigint') throw new ResultShapeError('The function returned a BigInt; return a number instead.');
    if (typeof v === 'function') throw new ResultShapeError('The function returned a function; return data (numbers, arrays, objects).');
    if (typeof v === 'symbol') throw new ResultShapeError('The function returned a Symbol; return data (numbers, arrays, objects).');
    if (isTensor(v)) {
      spend(v.size);
      let values: unknown;
      try {
        values = v.arraySync();
      } catch {
        throw new ResultShapeError('The function returned a tensor that was already disposed. Return it before disposing it, or return plain arrays.');
      }
      return { kind: 'tensor', shape: I.arrayFrom(v.shape), dtype: v.dtype, values: visit(values, depth + 1) };
    }
    if (I.isView(v)) {
      const items = I.arrayFrom(v as unknown as ArrayLike<unknown>);
      spend(items.length);
      return items.length > 0 && typeof items[0] === 'bigint' ? visit(items, depth) : items;
    }
    if (I.isArray(v)) {
      const length = (v as unknown[]).length;
      spend(length);
      const out: unknown[] = [];
      for (let i = 0; i < length; i += 1) {
        const descriptor = I.getOwnPropertyDescriptor(v, i);
        if (descriptor && !('value' in descriptor)) throw new ResultShapeError(`Element ${i} of the returned array is a getter; return plain data.`);
        put(out, i, visit(descriptor?.value, depth + 1));
      }
      return out;
    }
    if (v instanceof Map || v instanceof Set || v instanceof Promise || v instanceof WeakMap) {
      throw new ResultShapeError('The function returned a Map, Set or Promise; return arrays or plain objects (did you forget `await`?).');
    }
    const proto = I.getPrototypeOf(v);
    if (proto !== I.ObjectPrototype && proto !== null) {
      const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
      throw new ResultShapeError(`The function returned an instance of ${typeof name === 'string' ? name : 'a class'}; return plain data (numbers, arrays, plain objects).`);
    }
    const out: Record<string, unknown> = {};
    for (const key of I.ownKeys(v as object)) {
      if (typeof key !== 'string') continue;
      const descriptor = I.getOwnPropertyDescriptor(v, key);
      if (!descriptor?.enumerable) continue;
      if (!('value' in descriptor)) throw new ResultShapeError(`Property "${key}" of the returned object is a getter; return plain data.`);
      put(out, key, visit(descriptor.value, depth + 1));
    }
    return out;
  };
  return visit(value, 0);
}
