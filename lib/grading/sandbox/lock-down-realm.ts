/**
 * Freezes the code of the sandbox context before any submission code runs: every built-in
 * constructor, prototype and namespace (Object, Array, Function.prototype, Math, JSON, Map, Set,
 * Promise, Reflect, ...), the global names that lead to them, and every tfjs class, prototype,
 * namespace, registry and kernel. The drivers and the harness run in this same context: with
 * its code frozen, nothing they call can have been replaced by the submission. Instances (data)
 * stay writable: the submission's own objects, tensors, and tfjs's mutable state.
 */
import { intrinsics as I, put } from './intrinsics';

/**
 * Inherited data properties that ordinary code assigns on its own objects: `this.name = ...` in an
 * Error subclass, and any key of a plain object used as a dictionary (`counts[word] = ...`, where
 * the word may be "constructor" or "valueOf"). Frozen, such an assignment would fail (the "override
 * mistake"); these become accessors that define the property on the object assigned to instead.
 * Every data property of Object.prototype is one, since data can name any of them. Built-in
 * prototypes further down (Array, Promise, typed arrays) keep theirs: V8 takes slow paths for good
 * once `constructor`, `then` or an iterator of those is redefined, and tfjs would pay for it.
 */
const OBJECT_PROTOTYPE_KEYS = [
  'constructor',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
];
const OVERRIDABLE: [object, string[]][] = [
  [Error.prototype, ['name', 'message']],
  [Object.prototype, OBJECT_PROTOTYPE_KEYS],
];

function makeOverridable(proto: object, key: string): void {
  const descriptor = I.getOwnPropertyDescriptor(proto, key);
  if (!descriptor || !('value' in descriptor)) return;
  const value: unknown = descriptor.value;
  I.defineProperty(proto, key, {
    get: function getInherited() {
      return value;
    },
    set: function defineOwn(this: unknown, replacement: unknown) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${key}' of a built-in prototype`);
      if (typeof this !== 'object' && typeof this !== 'function') return;
      I.defineProperty(this as object, key, { value: replacement, writable: true, enumerable: true, configurable: true });
    },
    enumerable: descriptor.enumerable,
    configurable: false,
  });
}

/** Whether `value` is code or a namespace (frozen), rather than an instance holding data (left writable). */
function isCodeOrNamespace(value: object): boolean {
  if (typeof value === 'function') return true;
  // A prototype object (Array.prototype too, which is an array): its constructor's `prototype` is itself.
  const constructor = I.getOwnPropertyDescriptor(value, 'constructor')?.value as { prototype?: unknown } | undefined;
  if (typeof constructor === 'function' && I.getOwnPropertyDescriptor(constructor, 'prototype')?.value === value) return true;
  const proto = I.getPrototypeOf(value);
  return (proto === null || proto === I.ObjectPrototype) && !I.isArray(value);
}

/**
 * A library function keeps its own properties for good, except static counters and flags
 * (primitive values, such as tfjs's `Engine.nextTensorId`), which tfjs updates. `length`, `name`
 * and `prototype` are left as the language made them (a class's `prototype` is already fixed).
 * New static properties may still be added: tfjs creates some singletons lazily.
 */
function fixFunction(fn: object): void {
  const keys = I.ownKeys(fn);
  for (let k = 0; k < keys.length; k += 1) {
    const key = keys[k]!;
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    const descriptor = I.getOwnPropertyDescriptor(fn, key);
    if (!descriptor?.configurable) continue;
    if ('value' in descriptor) {
      const primitive = descriptor.value === null || (typeof descriptor.value !== 'object' && typeof descriptor.value !== 'function');
      I.defineProperty(fn, key, { value: descriptor.value, writable: primitive && descriptor.writable === true, enumerable: descriptor.enumerable, configurable: false });
    } else I.defineProperty(fn, key, { get: descriptor.get, set: descriptor.set, enumerable: descriptor.enumerable, configurable: false });
  }
}

/**
 * Walks everything reachable from the roots that is code or a namespace: functions, their
 * prototypes and static members, prototype chains of instances met on the way, plain namespace
 * objects. Instances are walked to their prototypes but left writable.
 */
/** A function itself (call, apply, bind live on it), with no `prototype` of its own. */
const FunctionPrototype = Function.prototype;

/** What the walk does with what it reaches: freeze (built-ins), fix (library functions; other library objects frozen), or only mark it seen. */
type WalkAction = 'freeze' | 'fix-library' | 'mark';

function walkReachable(roots: unknown[], seen: WeakSet<object>, action: WalkAction): void {
  const pending: object[] = [];
  const push = (value: unknown) => {
    if (((typeof value === 'object' && value !== null) || typeof value === 'function') && !I.weakSetHas(seen, value as object)) {
      I.weakSetAdd(seen, value as object);
      put(pending, pending.length, value);
    }
  };
  for (let i = 0; i < roots.length; i += 1) push(roots[i]);
  for (let next = 0; next < pending.length; next += 1) {
    const value = pending[next]!;
    // A function that is not a constructor (a method, a getter, one of tfjs's hundreds of ops) has
    // nothing worth fixing: its `length` and `name`, or a property added to it, change nothing
    // anyone reads. Constructors (a fixed `prototype`) are walked and fixed with their statics.
    if (typeof value === 'function' && value !== FunctionPrototype && I.getOwnPropertyDescriptor(value, 'prototype')?.writable !== false) continue;
    push(I.getPrototypeOf(value));
    if (!isCodeOrNamespace(value)) continue;
    const keys = I.ownKeys(value);
    for (let k = 0; k < keys.length; k += 1) {
      const descriptor = I.getOwnPropertyDescriptor(value, keys[k]!);
      if (!descriptor) continue;
      if ('value' in descriptor) push(descriptor.value);
      else {
        push(descriptor.get);
        push(descriptor.set);
      }
    }
    if (action === 'mark') continue;
    if (action === 'fix-library' && typeof value === 'function') fixFunction(value);
    else I.freeze(value);
  }
}

/**
 * Built-in prototypes no global name leads to, reached only through the values they describe:
 * the iterators that `for...of`, spread and destructuring call, and the prototypes of generator
 * and async functions.
 */
function hiddenIntrinsics(): object[] {
  const arrayIterator = I.getPrototypeOf([][Symbol.iterator]()) as object;
  const generatorFunction = I.getPrototypeOf(function* generator() {}) as { prototype: object };
  const asyncGeneratorFunction = I.getPrototypeOf(async function* asyncGenerator() {}) as { prototype: object };
  return [
    arrayIterator,
    I.getPrototypeOf(arrayIterator) as object,
    I.getPrototypeOf(new Map()[Symbol.iterator]()) as object,
    I.getPrototypeOf(new Set()[Symbol.iterator]()) as object,
    I.getPrototypeOf(''[Symbol.iterator]()) as object,
    I.getPrototypeOf(/a/[Symbol.matchAll]('')) as object,
    generatorFunction,
    generatorFunction.prototype,
    I.getPrototypeOf(async function asyncFunction() {}) as object,
    asyncGeneratorFunction,
    asyncGeneratorFunction.prototype,
    I.getPrototypeOf(asyncGeneratorFunction.prototype) as object,
  ];
}

/** Makes every global name that exists now (Math, Array, console, setTimeout, ...) permanent: it can be read, never replaced. */
export function pinGlobals(g: object): void {
  const keys = I.ownKeys(g);
  for (let k = 0; k < keys.length; k += 1) {
    const descriptor = I.getOwnPropertyDescriptor(g, keys[k]!);
    if (!descriptor?.configurable) continue;
    if ('value' in descriptor) I.defineProperty(g, keys[k]!, { value: descriptor.value, writable: false, enumerable: descriptor.enumerable, configurable: false });
    else I.defineProperty(g, keys[k]!, { get: descriptor.get, set: descriptor.set, enumerable: descriptor.enumerable, configurable: false });
  }
}

/**
 * Pins the given own fields of a stateful instance (the tfjs engine, its backend) to their current
 * values, and closes it to new properties: with its prototype chain frozen, no own property can
 * ever shadow one of its methods.
 */
export function pinInstance(instance: object, fields: string[]): void {
  for (let i = 0; i < fields.length; i += 1) {
    const descriptor = I.getOwnPropertyDescriptor(instance, fields[i]!);
    if (descriptor?.configurable && 'value' in descriptor) {
      I.defineProperty(instance, fields[i]!, { value: descriptor.value, writable: false, enumerable: descriptor.enumerable, configurable: false });
    }
  }
  I.preventExtensions(instance);
}

/** tfjs functions that change what every later computation means (kernels, gradients, backends, the platform): not offered to submissions. */
const REGISTRY_WRITERS = [
  'registerKernel',
  'unregisterKernel',
  'registerGradient',
  'unregisterGradient',
  'copyRegisteredKernels',
  'registerBackend',
  'removeBackend',
  'setBackend',
  'setPlatform',
];

/**
 * What hands out tfjs's internals (the engine and its state, the backend and its data, the
 * environment and through it the kernel and gradient registries): the tests compute with the same
 * tfjs, so code holding them could change what the tests see. Not offered to submissions.
 */
const INTERNALS = ['engine', 'backend', 'findBackend', 'findBackendFactory', 'env'];
const INTERNAL_VALUES = ['ENV'];
const NOT_INTERNALS = 'tfjs internals are shared with the tests. Use tf.memory() to count tensors and tf.tidy, tf.keep and tf.dispose to manage them.';

/** Puts, in `tf`'s `names`, functions that throw what `why` says of each name. */
function withhold(tf: Record<string, unknown>, names: string[], why: (name: string) => string): void {
  for (let i = 0; i < names.length; i += 1) {
    const name = names[i]!;
    put(tf, name, () => {
      throw new TypeError(why(name));
    });
  }
}

/** The tfjs namespace a submission imports: everything but the registry writers and the internals, frozen. */
export function submissionNamespace(modules: object[]): Record<string, unknown> {
  const tf: Record<string, unknown> = {};
  for (let m = 0; m < modules.length; m += 1) {
    const keys = I.ownKeys(modules[m]!);
    for (let k = 0; k < keys.length; k += 1) {
      const key = keys[k]!;
      if (typeof key === 'string') put(tf, key, (modules[m] as Record<string, unknown>)[key]);
    }
  }
  withhold(tf, REGISTRY_WRITERS, (name) => `tf.${name} is not available in the grader: kernels, gradients and backends are fixed.`);
  withhold(tf, INTERNALS, (name) => `tf.${name}() is not available in the grader: ${NOT_INTERNALS}`);
  for (let i = 0; i < INTERNAL_VALUES.length; i += 1) {
    const name = INTERNAL_VALUES[i]!;
    I.defineProperty(tf, name, {
      get() {
        throw new TypeError(`tf.${name} is not available in the grader: ${NOT_INTERNALS}`);
      },
      enumerable: false,
      configurable: false,
    });
  }
  return I.freeze(tf);
}

interface TfjsState {
  /** The engine and its backend: stateful instances whose fields and methods are pinned. */
  engine: object;
  backend: object;
  /** tfjs's private global namespace (registries of kernels, gradients, ...). */
  globals: Record<string, unknown>;
  /** The layers class registry (`SerializationMap.getMap().classNameMap`). */
  classNameMap: Record<string, unknown>;
}

const ENGINE_FIELDS = ['ENV', 'registry', 'registryFactory', 'pendingBackendInitId', 'pendingBackendInit', 'state', 'backendName', 'backendInstance', 'profiler'];

/** What the global scope holds now: the built-ins, and the runtime's console and timers. */
function globalValues(g: Record<string, unknown>): unknown[] {
  const values: unknown[] = [];
  const keys = I.ownKeys(g);
  for (let k = 0; k < keys.length; k += 1) {
    const descriptor = I.getOwnPropertyDescriptor(g, keys[k]!);
    if (descriptor && 'value' in descriptor) put(values, values.length, descriptor.value);
  }
  return values;
}

/**
 * Locks tfjs down in the snapshot every context is made from: every tfjs class, namespace,
 * registry entry and kernel frozen, the engine's and backend's fields and methods pinned, the
 * class registry closed. Built-ins are left to `lockDownBuiltIns`, in each context: V8 re-installs
 * some of them (Float16Array, Promise.try, Math.f16round, the resource-management classes, ...)
 * whenever it makes a context from a snapshot, and fails fatally where it finds them frozen.
 */
export function lockDownLibrary(g: Record<string, unknown>, tfjs: object[], state: TfjsState): void {
  // The built-ins are marked, not frozen: the library's walk stops where it reaches them.
  const seen = new I.WeakSet<object>();
  I.weakSetAdd(seen, g);
  walkReachable([...globalValues(g), ...hiddenIntrinsics()], seen, 'mark');

  const engine = state.engine as Record<string, unknown>;
  const library: unknown[] = [...tfjs, state.engine, state.backend, state.classNameMap, engine.registry, engine.registryFactory];
  const registries = state.globals._tfGlobals;
  if (registries instanceof Map) {
    for (const registry of registries.values()) {
      library.push(registry);
      if (registry instanceof Map) for (const entry of registry.values()) library.push(entry);
    }
  }
  for (const entry of Object.values(state.classNameMap)) library.push(entry);
  walkReachable(library, seen, 'fix-library');
  // Plain data that is code all the same: the class registry and its [class, fromConfig] pairs, the backend registries.
  for (const entry of Object.values(state.classNameMap)) I.freeze(entry);
  I.freeze(state.classNameMap);
  I.freeze(engine.registry);
  I.freeze(engine.registryFactory);
  pinInstance(state.engine, ENGINE_FIELDS);
  const backend = state.backend as Record<string, unknown>;
  pinInstance(state.backend, ['data']);
  if (typeof backend.data === 'object' && backend.data !== null) pinInstance(backend.data, ['data', 'backend', 'dataMover']);
}

/**
 * Locks the built-ins down in a context made from the snapshot, before anything else runs in it:
 * overridable inherited properties tamed, every built-in constructor, prototype and namespace
 * frozen (with what V8 added as it made the context), and the global names made permanent.
 * With `lockDownLibrary` before it, nothing the drivers and the harness call can be replaced.
 */
export function lockDownBuiltIns(g: Record<string, unknown>): void {
  for (let i = 0; i < OVERRIDABLE.length; i += 1) {
    const [proto, keys] = OVERRIDABLE[i]!;
    for (let k = 0; k < keys.length; k += 1) makeOverridable(proto, keys[k]!);
  }
  const seen = new I.WeakSet<object>();
  I.weakSetAdd(seen, g);
  const hidden = hiddenIntrinsics();
  walkReachable([...globalValues(g), ...hidden], seen, 'freeze');
  // Prototypes the walk cannot tell from instances (no constructor of their own): frozen by name.
  for (let i = 0; i < hidden.length; i += 1) I.freeze(hidden[i]!);
  pinGlobals(g);
}
