/**
 * The line between the submission and the test's driver. The driver never holds the submission's
 * own functions or values: it calls wrappers, which hand the submission copies of the arguments
 * and hand the driver copies of what came back. So nothing the submission made (a proxy, a
 * getter, a `valueOf`, a thenable, an array it keeps and changes later) is read by the driver
 * twice, and nothing the driver reads afterwards (its input, its own arrays) was reachable by
 * the submission, unless the driver lent it on purpose (`h.lend`, for tests of mutation).
 *
 * What crosses, each way:
 *  - numbers, strings, booleans, null, undefined: as they are;
 *  - arrays and plain objects: copied (own data properties; a getter is an error);
 *  - typed arrays: copied;
 *  - functions (and methods of class instances): wrapped the same way;
 *  - a Promise: awaited through the built-in `then`, its value copied; any other thenable is an error;
 *  - an engine-made tensor: the driver gets a clone of its own (the submission's original is
 *    freed after the case); the submission gets the driver's tensor as it is;
 *  - anything the driver lent (`h.lend`): the same object, both ways;
 *  - an instance of a class of the submission's: a copy of its data with its methods wrapped;
 *  - anything whose prototype is frozen (a tfjs model or layer, a Map, a Date): the same object,
 *    opaque: drivers measure such objects only through the harness (`h.model`, `h.modelSize`);
 *  - a thrown value: a new Error with the same name and message, read once.
 */
import { intrinsics as I, put } from './intrinsics';
import { describeThrown } from './describe-thrown';
import { ResultShapeError } from './to-plain';

const MAX_COPY_DEPTH = 64;
const MAX_COPY_VALUES = 2_000_000;

export interface BoundaryOptions {
  isTensor(value: unknown): boolean;
  /** A clone of an engine-made tensor, owned by the harness (disposed after the case). */
  cloneTensor(tensor: object): object;
  /** Called with each object that crosses as it is (a model the submission returns is freed after the case). */
  crossedOpaque(value: object): void;
}

const PromisePrototypeThen = Promise.prototype.then;

/** The value of a genuine Promise (never a thenable the submission wrote), or `undefined` when `value` is not one. */
function settleIfPromise(value: object): Promise<unknown> | undefined {
  let settle: [(v: unknown) => void, (e: unknown) => void] | undefined;
  const settled = new I.Promise<unknown>((resolve, reject) => {
    settle = [resolve, reject];
  });
  try {
    // Throws at once, before running any code of the value's, when it is not a Promise.
    I.apply(PromisePrototypeThen, value, settle!);
  } catch {
    return undefined;
  }
  return settled;
}

function spend(budget: { left: number }, n: number): void {
  budget.left -= n;
  if (!(budget.left >= 0)) throw new ResultShapeError(`The returned value is too large (more than ${MAX_COPY_VALUES} values passed between your code and the test). Return only what the function is asked for.`);
}

/**
 * The prototype of the copy of a class instance: frozen (so the copy crosses back as it is) and
 * named like the class, so a message can say what was returned ("an instance of FakeTensor").
 */
function namedShell(proto: object): object {
  const constructor = I.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
  const name = typeof constructor === 'function' ? I.getOwnPropertyDescriptor(constructor, 'name')?.value : undefined;
  const named = function instance() {};
  I.defineProperty(named, 'name', { value: typeof name === 'string' ? I.stringSlice(name, 0, 60) : 'a class' });
  const shell = {};
  I.defineProperty(shell, 'constructor', { value: I.freeze(named) });
  return I.freeze(shell);
}

/** What the submission threw, as a new Error of the harness's: its name and message read once. */
function rethrowable(thrown: unknown): Error {
  const { name, message, stack } = describeThrown(thrown);
  const error = new I.Error(message);
  I.defineProperty(error, 'name', { value: name, writable: true, enumerable: false, configurable: true });
  // Its frames, so the grader can still point at the line of the submission that threw.
  I.defineProperty(error, 'stack', { value: `${name}: ${message}${stack}`, writable: true, enumerable: false, configurable: true });
  return error;
}

export function createBoundary(options: BoundaryOptions) {
  /** Objects the driver lends to the submission as they are (so a test can see whether they were changed). */
  const lent = new I.WeakSet<object>();

  const copy = (value: unknown, direction: 'in' | 'out', budget: { left: number }, depth: number): unknown => {
    if (depth > MAX_COPY_DEPTH) throw new ResultShapeError(`A value passed between your code and the test is nested more than ${MAX_COPY_DEPTH} levels deep.`);
    spend(budget, 1);
    if (typeof value === 'function') return wrap(value as (...args: unknown[]) => unknown, undefined, direction);
    if (typeof value !== 'object' || value === null) return value;
    if (I.weakSetHas(lent, value)) return value;
    // The driver's tensors are handed over as they are (a test may check what the submission does
    // to them); the submission's come back as clones of the harness's, so no property it added is read.
    if (options.isTensor(value)) return direction === 'out' ? options.cloneTensor(value) : value;
    if (I.typedArrayTag(value) !== undefined) {
      const length = I.typedArrayLength(value);
      spend(budget, length);
      const out: unknown[] = [];
      for (let i = 0; i < length; i += 1) put(out, i, (value as unknown as Record<number, unknown>)[i]);
      return out;
    }
    if (I.isArray(value)) {
      const length = I.getOwnPropertyDescriptor(value, 'length')?.value as number;
      spend(budget, length);
      const out: unknown[] = [];
      for (let i = 0; i < length; i += 1) {
        const descriptor = I.getOwnPropertyDescriptor(value, i);
        if (descriptor && !('value' in descriptor)) throw new ResultShapeError(`Element ${i} of an array passed between your code and the test is a getter; use plain data.`);
        put(out, i, copy(descriptor?.value, direction, budget, depth + 1));
      }
      return out;
    }
    const proto = I.getPrototypeOf(value);
    const plain = proto === null || proto === I.ObjectPrototype;
    if (!plain && direction === 'out') {
      const promise = settleIfPromise(value);
      if (promise !== undefined) {
        return promise.then(
          (settled) => copy(settled, direction, { left: MAX_COPY_VALUES }, 0),
          (thrown: unknown) => {
            throw rethrowable(thrown);
          },
        );
      }
    }
    if (!plain && proto !== null && I.isFrozen(proto)) {
      if (direction === 'out') options.crossedOpaque(value);
      return value;
    }
    if (!plain && direction === 'in') return value;
    const out: Record<string, unknown> = plain ? {} : (I.create(namedShell(proto!)) as Record<string, unknown>);
    const keys = I.ownKeys(value);
    for (let k = 0; k < keys.length; k += 1) {
      const key = keys[k];
      if (typeof key !== 'string') continue;
      const descriptor = I.getOwnPropertyDescriptor(value, key);
      if (!descriptor?.enumerable) continue;
      if (!('value' in descriptor)) throw new ResultShapeError(`Property "${I.stringSlice(key, 0, 60)}" of an object your code returned is a getter; return plain data.`);
      if (key === 'then' && typeof descriptor.value === 'function') {
        throw new ResultShapeError('Your code returned an object with a `then` method that is not a Promise; return a real Promise (an async function) or plain data.');
      }
      put(out, key, typeof descriptor.value === 'function' ? wrap(descriptor.value as (...args: unknown[]) => unknown, value, direction) : copy(descriptor.value, direction, budget, depth + 1));
    }
    // A class instance of the submission's: its methods, wherever they are defined, called on the instance itself.
    for (let p = proto; !plain && p !== null && p !== I.ObjectPrototype; p = I.getPrototypeOf(p)) {
      const methods = I.ownKeys(p);
      for (let k = 0; k < methods.length; k += 1) {
        const key = methods[k];
        if (typeof key !== 'string' || key === 'constructor' || I.getOwnPropertyDescriptor(out, key)) continue;
        const descriptor = I.getOwnPropertyDescriptor(p, key);
        if (descriptor && 'value' in descriptor && typeof descriptor.value === 'function') put(out, key, wrap(descriptor.value as (...args: unknown[]) => unknown, value, direction));
      }
    }
    return out;
  };

  /**
   * A function of one side, callable from the other: arguments copied in, the result copied out.
   * `direction` is the way results travel ('out': from the submission to the driver).
   */
  const wrap = (fn: (...args: unknown[]) => unknown, self: unknown, direction: 'in' | 'out') => {
    const back = direction === 'out' ? 'in' : 'out';
    return function crossing(...args: unknown[]) {
      const budget = { left: MAX_COPY_VALUES };
      const copied: unknown[] = [];
      for (let i = 0; i < args.length; i += 1) put(copied, i, copy(args[i], back, budget, 0));
      let result: unknown;
      try {
        result = I.apply(fn, self, copied);
      } catch (thrown) {
        throw direction === 'out' ? rethrowable(thrown) : thrown;
      }
      return copy(result, direction, { left: MAX_COPY_VALUES }, 0);
    };
  };

  return {
    /** The submission's exports as the driver sees them: every function wrapped. */
    exportsForDriver(exports: Record<string, unknown>): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      const keys = I.ownKeys(exports);
      for (let k = 0; k < keys.length; k += 1) {
        const key = keys[k];
        if (typeof key !== 'string') continue;
        const value = exports[key];
        put(out, key, typeof value === 'function' ? wrap(value as (...args: unknown[]) => unknown, undefined, 'out') : copy(value, 'out', { left: MAX_COPY_VALUES }, 0));
      }
      return I.freeze(out);
    },
    /** Hands `value` to the submission as it is, not a copy: for tests that check the submission leaves its arguments unchanged. */
    lend<T>(value: T): T {
      if (typeof value === 'object' && value !== null) I.weakSetAdd(lent, value);
      return value;
    },
  };
}
