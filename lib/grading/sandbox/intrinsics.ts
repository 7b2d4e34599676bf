/**
 * Built-ins captured when the runtime is installed, before any submission code runs. The runtime
 * uses only these, so a submission that rewrites Object, Array, Set or their prototypes cannot
 * change what the harness measures.
 */
const uncurry =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (self: unknown, ...args: A): R =>
    Reflect.apply(fn, self, args);

export const intrinsics = Object.freeze({
  apply: Reflect.apply,
  ownKeys: Reflect.ownKeys,
  getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
  defineProperty: Object.defineProperty,
  getPrototypeOf: Object.getPrototypeOf,
  freeze: Object.freeze,
  isArray: Array.isArray,
  isView: ArrayBuffer.isView,
  ObjectPrototype: Object.prototype,
  String,
  Number,
  Error,
  Set,
  setAdd: uncurry(Set.prototype.add as (v: unknown) => Set<unknown>),
  setDelete: uncurry(Set.prototype.delete as (v: unknown) => boolean),
  setHas: uncurry(Set.prototype.has as (v: unknown) => boolean),
  setSize: uncurry(Object.getOwnPropertyDescriptor(Set.prototype, 'size')!.get as () => number),
  setValues: uncurry(Set.prototype.values as () => IterableIterator<unknown>),
  dateNow: Date.now,
  stringSlice: uncurry(String.prototype.slice as (start?: number, end?: number) => string),
  jsonStringify: JSON.stringify,
  indirectEval: globalThis.eval,
  arrayFrom: Array.from as (items: ArrayLike<unknown>) => unknown[],
});

/** Defines an own data property without consulting setters on the prototype chain. */
export function put(target: object, key: PropertyKey, value: unknown): void {
  intrinsics.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
