/**
 * Built-ins captured when the runtime is installed, before any submission code runs. The runtime
 * uses only these, so a submission that rewrites Object, Array, Set or their prototypes cannot
 * change what the harness measures.
 */
const uncurry =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (self: unknown, ...args: A): R =>
    Reflect.apply(fn, self, args);

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;

export const intrinsics = Object.freeze({
  apply: Reflect.apply,
  ownKeys: Reflect.ownKeys,
  getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
  defineProperty: Object.defineProperty,
  getPrototypeOf: Object.getPrototypeOf,
  freeze: Object.freeze,
  preventExtensions: Object.preventExtensions,
  isFrozen: Object.isFrozen,
  create: Object.create as (proto: object | null) => object,
  isArray: Array.isArray,
  isView: ArrayBuffer.isView,
  ObjectPrototype: Object.prototype,
  String,
  Number,
  Error,
  Set,
  Map,
  mapGet: uncurry(Map.prototype.get as (k: unknown) => unknown),
  mapSet: uncurry(Map.prototype.set as (k: unknown, v: unknown) => Map<unknown, unknown>),
  mapDelete: uncurry(Map.prototype.delete as (k: unknown) => boolean),
  mapSize: uncurry(Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get as () => number),
  Promise,
  WeakMap,
  setAdd: uncurry(Set.prototype.add as (v: unknown) => Set<unknown>),
  setDelete: uncurry(Set.prototype.delete as (v: unknown) => boolean),
  setHas: uncurry(Set.prototype.has as (v: unknown) => boolean),
  setSize: uncurry(Object.getOwnPropertyDescriptor(Set.prototype, 'size')!.get as () => number),
  setValues: uncurry(Set.prototype.values as () => IterableIterator<unknown>),
  weakSetAdd: uncurry(WeakSet.prototype.add as (v: object) => WeakSet<object>),
  weakSetHas: uncurry(WeakSet.prototype.has as (v: object) => boolean),
  WeakSet,
  weakMapGet: uncurry(WeakMap.prototype.get as (k: object) => unknown),
  weakMapSet: uncurry(WeakMap.prototype.set as (k: object, v: unknown) => WeakMap<object, unknown>),
  /** The element type of a typed array ("Float32Array"), undefined for anything else (the spec's brand check). */
  typedArrayTag: uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag)!.get as () => string | undefined),
  typedArrayLength: uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'length')!.get as () => number),
  typedArrayBuffer: uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'buffer')!.get as () => ArrayBufferLike),
  typedArrayByteOffset: uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteOffset')!.get as () => number),
  typedArrayByteLength: uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength')!.get as () => number),
  Uint8Array,
  uint8Slice: uncurry(Uint8Array.prototype.slice as () => Uint8Array),
  ArrayBuffer,
  isInteger: Number.isInteger,
  dateNow: Date.now,
  stringSlice: uncurry(String.prototype.slice as (start?: number, end?: number) => string),
  stringIndexOf: uncurry(String.prototype.indexOf as (search: string, from?: number) => number),
  jsonStringify: JSON.stringify,
  indirectEval: globalThis.eval,
  arrayFrom: Array.from as (items: ArrayLike<unknown>) => unknown[],
});

/** Whether `proto` is on the value's prototype chain, without consulting Symbol.hasInstance (which a submission could define on its own classes). */
export function inheritsFrom(value: unknown, proto: object, maxDepth = 32): boolean {
  let current = typeof value === 'object' && value !== null ? intrinsics.getPrototypeOf(value) : null;
  for (let depth = 0; current !== null && depth < maxDepth; depth += 1) {
    if (current === proto) return true;
    current = intrinsics.getPrototypeOf(current);
  }
  return false;
}

const ErrorPrototype = Error.prototype;

/** Whether Error.prototype is on the value's prototype chain. */
export function isError(value: unknown): value is Error {
  return inheritsFrom(value, ErrorPrototype);
}

/** Defines an own data property without consulting setters on the prototype chain. */
export function put(target: object, key: PropertyKey, value: unknown): void {
  intrinsics.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
