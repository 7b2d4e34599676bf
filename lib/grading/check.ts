import { isTensorData, preview, type Plain } from './plain';

/**
 * A test's expectation did not hold. `property` is safe to show for hidden tests (it names the
 * behaviour that broke); `expected` and `actual` are shown only for visible tests.
 */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    readonly property: string,
    readonly detail: { expected?: string; actual?: string; tolerance?: number; visibleProperty?: string } = {},
  ) {
    super(property);
  }

  /** The property with its numbers (lengths, thresholds), for visible tests only. */
  get visibleProperty(): string {
    return this.detail.visibleProperty ?? this.property;
  }
}

/** Measurements taken by the trusted harness around one test case. */
export interface RunMetrics {
  /** Tensors alive after the case minus before, counted through captured engine hooks. */
  tensorsLeaked: number;
  durationMs: number;
  /** User time divided by the reference solution's time in the same sandbox, when measured. */
  latencyRatio?: number;
}

interface CheckOptions {
  /** What is being compared, said as the behaviour: "scaled test rows". All a hidden test shows of it: no values, no positions. */
  what: string;
  /** `what` with the case's positions or values ("scaled test rows, row 3"), shown for visible tests only. */
  visibleWhat?: string;
}

const visibleWhat = (options: CheckOptions) => options.visibleWhat ?? options.what;

/** A returned tensor compares by its values, unless the expectation is a whole tensor (shape, dtype and values). */
function unwrap(value: unknown, expected?: unknown): unknown {
  return isTensorData(value) && !isTensorData(expected) ? value.values : value;
}

interface Difference {
  /** Safe to show for hidden tests: where and what kind of difference, no expected data. */
  hidden: string;
  /** With the numbers, for visible tests. */
  visible: string;
}

/** `visible` names where and by how much; `hidden` only what kind of difference (no index, no value: an index is an oracle for hidden data). */
const differ = (hidden: string, visible: string): Difference => ({ hidden, visible });

interface CompareRules {
  /** Largest absolute difference two numbers may have; 0 means exactly equal. */
  tolerance: number;
  /** Objects must have exactly the expected keys (no extra, none missing), not just the expected ones. */
  exactKeys: boolean;
}

/** The first key `actual` has that `expected` lacks, or the reverse. */
function keyDifference(actual: object, expected: object, where: string): Difference | undefined {
  const expectedKeys = new Set(Object.keys(expected));
  const actualKeys = new Set(Object.keys(actual));
  const extra = [...actualKeys].find((key) => !expectedKeys.has(key));
  // The key comes from the submission: shown as a value is, clipped.
  if (extra !== undefined) return differ('an object has an unexpected key', `${where} has an unexpected key ${preview(extra)}`);
  const missing = [...expectedKeys].find((key) => !actualKeys.has(key));
  if (missing !== undefined) return differ('an object is missing a key', `${where} is missing the key ${JSON.stringify(missing)}`);
  return undefined;
}

function firstDifference(actual: unknown, expected: unknown, rules: CompareRules, at: string): Difference | undefined {
  const { tolerance } = rules;
  const where = at || 'value';
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return differ('a value should be an array', `${where} should be an array of length ${expected.length}, got ${preview(actual, 60)}`);
    if (actual.length !== expected.length) return differ('an array has the wrong length', `${where} has length ${actual.length}, expected ${expected.length}`);
    for (let i = 0; i < expected.length; i += 1) {
      const difference = firstDifference(actual[i], expected[i], rules, `${at}[${i}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return differ('a value should be a number', `${where} should be a number, got ${preview(actual, 60)}`);
    if (Number.isNaN(expected)) return Number.isNaN(actual) ? undefined : differ('a value should be NaN', `${where} should be NaN`);
    if (Number.isNaN(actual)) return differ('a value is NaN', `${where} is NaN`);
    if (actual === expected) return undefined;
    if (tolerance === 0) return differ('a value is wrong', `${where} is ${formatDistinct(actual, expected)}`);
    if (Math.abs(actual - expected) > tolerance) return differ(`a value is off by more than ${tolerance}`, `${where} is off by more than ${tolerance}`);
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return differ('a value should be an object', `${where} should be an object`);
    if (rules.exactKeys) {
      const keys = keyDifference(actual, expected, where);
      if (keys) return keys;
    }
    for (const key of Object.keys(expected)) {
      const difference = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], rules, `${at}.${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : differ('a value differs', `${where} differs`);
}

/** Expectations a test's `check` uses; each throws CheckFailure when it does not hold. */
export class Checker {
  constructor(
    readonly metrics: RunMetrics,
    private readonly defaultTolerance: number,
  ) {}

  /**
   * Numbers (or nested arrays/objects of numbers) within an absolute tolerance. With `exactKeys`,
   * objects must have exactly the expected keys (an extra or a missing key fails).
   */
  closeTo(actual: Plain | unknown, expected: unknown, options: CheckOptions & { tolerance?: number; exactKeys?: boolean }): void {
    const tolerance = options.tolerance ?? this.defaultTolerance;
    const difference = firstDifference(unwrap(actual, expected), expected, { tolerance, exactKeys: options.exactKeys ?? false }, '');
    if (difference) {
      throw new CheckFailure(`${options.what}: ${difference.hidden}`, {
        visibleProperty: `${visibleWhat(options)}: ${difference.visible}`,
        expected: preview(expected),
        actual: preview(unwrap(actual)),
        tolerance,
      });
    }
  }

  /**
   * Exact deep equality (strings, labels, booleans, integers): numbers equal, arrays of the same
   * length, and objects with exactly the expected keys (an extra or a missing key fails).
   */
  equal(actual: Plain | unknown, expected: unknown, options: CheckOptions): void {
    const difference = firstDifference(unwrap(actual, expected), expected, { tolerance: 0, exactKeys: true }, '');
    if (difference) {
      throw new CheckFailure(`${options.what}: ${difference.hidden}`, {
        visibleProperty: `${visibleWhat(options)}: ${difference.visible}`,
        expected: preview(expected),
        actual: preview(unwrap(actual)),
      });
    }
  }

  /** The shape of a returned tensor, or of nested arrays. */
  shape(actual: Plain | unknown, expected: number[], options: CheckOptions): void {
    const shape = isTensorData(actual) ? actual.shape : shapeOf(actual);
    if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
      throw new CheckFailure(`${options.what}: the shape is wrong`, {
        visibleProperty: `${visibleWhat(options)}: shape is [${shape.join(', ')}], expected [${expected.join(', ')}]`,
        expected: `[${expected.join(', ')}]`,
        actual: `[${shape.join(', ')}]`,
      });
    }
  }

  /** The dtype of a returned tensor. */
  dtype(actual: Plain | unknown, expected: string, options: CheckOptions): void {
    const dtype = isTensorData(actual) ? actual.dtype : typeof actual;
    if (dtype !== expected) {
      throw new CheckFailure(`${options.what}: the dtype is wrong`, { visibleProperty: `${visibleWhat(options)}: dtype is ${dtype}, expected ${expected}`, expected, actual: dtype });
    }
  }

  atLeast(value: number, minimum: number, options: CheckOptions): void {
    if (!(typeof value === 'number' && value >= minimum)) {
      throw new CheckFailure(`${options.what} is below the required minimum`, {
        visibleProperty: `${visibleWhat(options)} is ${formatNumber(value)}, needs at least ${formatNumber(minimum)}`,
        expected: `>= ${formatNumber(minimum)}`,
        actual: formatNumber(value),
      });
    }
  }

  atMost(value: number, maximum: number, options: CheckOptions): void {
    if (!(typeof value === 'number' && value <= maximum)) {
      throw new CheckFailure(`${options.what} is above the allowed maximum`, {
        visibleProperty: `${visibleWhat(options)} is ${formatNumber(value)}, must be at most ${formatNumber(maximum)}`,
        expected: `<= ${formatNumber(maximum)}`,
        actual: formatNumber(value),
      });
    }
  }

  /**
   * A condition the author words as the property: `t.that(rows.length === 100, 'keeps one row per customer')`.
   * The property is all a hidden test shows: put values and positions in `detail` (`visibleProperty`
   * restates the property with them for visible tests).
   */
  that(condition: boolean, property: string, detail?: { expected?: string; actual?: string; visibleProperty?: string }): void {
    if (!condition) throw new CheckFailure(property, detail);
  }
}

function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  let current = value;
  while (Array.isArray(current)) {
    shape.push(current.length);
    current = current[0];
  }
  return shape;
}

/** "a, expected b", rounded like formatNumber unless rounding would make the two look the same. */
function formatDistinct(actual: number, expected: number): string {
  const [a, b] = [formatNumber(actual), formatNumber(expected)];
  return a === b ? `${String(actual)}, expected ${String(expected)}` : `${a}, expected ${b}`;
}

function formatNumber(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : preview(value, 40);
}
