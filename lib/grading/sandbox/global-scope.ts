/**
 * What the sandbox's global scope offers beyond what V8 gives a fresh context, decided before any
 * submission code runs. isolated-vm's memory limit meters the V8 heap and ordinary ArrayBuffers,
 * but not WebAssembly memories nor the pages a resizable or growable buffer commits as it grows:
 * either would let a 64 MB isolate commit gigabytes. V8 13 (Node 24) no longer has flags that turn
 * them off (`--no-expose-wasm`, `--no-harmony-rab-gsab`), so the runtime takes them away here.
 */

/** Global names removed from every sandbox context, and why. */
const REMOVED_GLOBALS = [
  // Unmetered memory, and a compiler the submission would drive.
  'WebAssembly',
  // Shared memory serves no exercise; a growable SharedArrayBuffer is unmetered memory.
  'SharedArrayBuffer',
  'Atomics',
  // Their callbacks run whenever the collector decides: in a later test's set-up, outside its time.
  'FinalizationRegistry',
  'WeakRef',
] as const;

/**
 * `new ArrayBuffer(length, { maxByteLength })` makes a resizable buffer whose growth is not
 * metered. This constructor makes fixed-length buffers only: it reads the option once, refuses it,
 * and never hands the options object to V8 (so a getter cannot answer differently on a second read).
 */
function fixedLengthArrayBuffer(native: ArrayBufferConstructor): ArrayBufferConstructor {
  const construct = Reflect.construct;
  const ArrayBufferFixed = function ArrayBuffer(this: unknown, length?: unknown, options?: unknown) {
    if (new.target === undefined) throw new TypeError("Constructor ArrayBuffer requires 'new'");
    if (typeof options === 'object' && options !== null && (options as { maxByteLength?: unknown }).maxByteLength !== undefined) {
      throw new TypeError('Resizable ArrayBuffers are not available in the grader: allocate a buffer of the size you need.');
    }
    return construct(native, [length], new.target) as ArrayBuffer;
  } as unknown as ArrayBufferConstructor;
  Object.defineProperty(ArrayBufferFixed, 'prototype', { value: native.prototype, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(ArrayBufferFixed, 'isView', { value: native.isView, writable: true, enumerable: false, configurable: true });
  const species = Object.getOwnPropertyDescriptor(native, Symbol.species);
  if (species) Object.defineProperty(ArrayBufferFixed, Symbol.species, species);
  // The only other way to the native constructor is a buffer's `constructor`: point it here too.
  Object.defineProperty(native.prototype, 'constructor', { value: ArrayBufferFixed, writable: false, enumerable: false, configurable: false });
  return ArrayBufferFixed;
}

/**
 * Removed from each context as it starts rather than from the snapshot the contexts are made from:
 * V8 extends `Atomics` while it makes a context from a snapshot (and fails fatally if the global
 * name is gone), and adds `SharedArrayBuffer` and `WebAssembly` back. tfjs never reads them.
 */
const REMOVED_AT_CONTEXT_START = new Set<string>(['Atomics']);

/** Removes from the global scope what the memory limit cannot meter: once before tfjs loads into the snapshot. */
export function restrictGlobalScope(g: Record<string, unknown>): void {
  for (const name of REMOVED_GLOBALS) if (!REMOVED_AT_CONTEXT_START.has(name)) delete g[name];
  Object.defineProperty(g, 'ArrayBuffer', {
    value: fixedLengthArrayBuffer(g.ArrayBuffer as ArrayBufferConstructor),
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

/** Removes the same names again from a context made from the snapshot, before anything else runs in it. */
export function removeUnmeteredGlobals(g: Record<string, unknown>): void {
  for (const name of REMOVED_GLOBALS) delete g[name];
}
