/**
 * The API an exercise's `.meta/tests.ts` is written with.
 *
 * A test case has two halves that run in different places:
 *  - `run` is a driver that runs INSIDE the sandbox, next to the submission, in a context whose
 *    built-ins and tfjs code were frozen before the submission loaded. It receives the
 *    submission's exports, the case's `input` (plain data, copied in) and trusted helpers `h`.
 *    The exports it gets are wrappers: each call hands the submission copies of the arguments
 *    and hands the driver copies of the result (see sandbox/submission-boundary.ts), so a driver
 *    may compute on what it gets back. A model the submission returns crosses as it is: measure
 *    it only through `h.model` (never call its methods). To see whether the submission changes
 *    an argument, `h.lend` it. The driver must be self-contained: it is sent as source text, so
 *    it can use nothing but its parameters (no imports, no variables from the file around it).
 *    Whatever it returns is converted to plain data (tensors become `TensorData`) and copied out.
 *  - `check` runs on the trusted host with that plain data. Expected values live only here,
 *    so hidden answers never enter the sandbox. It throws (through `t`) when the behaviour is wrong.
 */
import type * as tfjs from '@tensorflow/tfjs';
import fc, { type Arbitrary } from 'fast-check';
import type { Checker } from './check';
import type { Plain } from './plain';

export { CheckFailure, Checker, type RunMetrics } from './check';
export { isTensorData, type Plain, type TensorData } from './plain';
export * from './metrics';

/** Trusted helpers the harness gives a driver. Created before the submission's code runs. */
export interface HarnessHelpers {
  /** The same tfjs the submission imports. */
  tf: typeof tfjs;
  /** A tensor that the harness disposes after the case (so it never counts as a leak). */
  tensor(values: tfjs.TensorLike, shape?: number[], dtype?: 'float32' | 'int32' | 'bool'): tfjs.Tensor;
  /** A layers model built from plain artifacts (topology JSON + weight values), harness-owned. */
  loadModel(artifacts: ModelArtifactsData): Promise<tfjs.LayersModel>;
  /** Registers a tensor or model the driver built itself so the harness disposes it after the case. */
  own<T extends { dispose(): unknown }>(value: T): T;
  /**
   * Counts a model's forward passes from here on (predict, predictOnBatch, execute, apply, call,
   * however they are reached), the batch size of each, and the FLOPs its matrix multiplications
   * and convolutions executed (2 per multiply-add): deterministic cost budgets.
   */
  countPredictCalls(model: tfjs.LayersModel): { calls: number; batchSizes: number[]; flops: number };
  /** The model's parameter count and the bytes of its weights (4 per float32 value). */
  modelSize(model: tfjs.LayersModel): { parameters: number; bytes: number };
  /** A clock the submission cannot replace (ms). */
  now(): number;
  /**
   * The harness's own copy of a model the submission returned (or was handed): checked to be a
   * genuine tfjs LayersModel with its methods intact, saved through the library and rebuilt from
   * that topology and those weights with tfjs's built-in layers only. Count its parameters and
   * predict with this copy, never with the submission's object. Throws when it is not a model.
   */
  model(candidate: unknown): Promise<tfjs.LayersModel>;
  /** Hands `value` to the submission as it is, not a copy: for tests that check it leaves its arguments unchanged. */
  lend<T>(value: T): T;
}

/** A tfjs layers model as plain data: `model.toJSON()` topology and weights in order. */
export interface ModelArtifactsData {
  modelTopology: Plain;
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[];
  /** Little-endian float32/int32 values of every weight, concatenated in `weightSpecs` order. */
  weightData: number[];
}

export interface TestCase<User, Input> {
  /** Stable forever (progress keys on it): kebab-case, unique within the exercise. */
  id: string;
  /** The behaviour it checks, as a sentence: "keeps one row per customer after the join". */
  name: string;
  /** Visible tests run on **Run** and show their data; hidden ones only on **Submit**, data withheld. */
  visible: boolean;
  /** Ids of the rules (meta.json `rules`) this case checks; every rule needs at least one hidden case. */
  rules?: string[];
  input: Input;
  run: (user: User, input: Input, h: HarnessHelpers) => unknown;
  check: (actual: Plain, t: Checker) => void;
  /** Fail the case when the submission leaves tensors behind (default true). */
  checkLeaks?: boolean;
  /** Override the exercise's per-test time budget. */
  timeoutMs?: number;
  /**
   * Compare the submission's wall time against the reference solution running the same driver
   * in the same sandbox; fail when it is more than `maxRatio` times slower.
   */
  latency?: { maxRatio: number };
}

/**
 * Cases generated from a seeded fast-check arbitrary and graded against the reference solution:
 * the submission's output for each input must match the reference's (expected outputs are
 * computed once by `npm run exercises:expect` and committed in `.meta/expected-outputs.json`).
 * They expand into ordinary hidden TestCases, `perCase` inputs each, run one after another in the
 * same context, so state a submission keeps in module scope between calls shows.
 */
export interface GeneratedCases<User, Input> {
  kind: 'generated';
  /** Prefix of the case ids (`<id>-1`, `<id>-2`, ...): kebab-case, unique within the exercise. */
  id: string;
  /** The property every input checks, as a sentence; a failure shows this and no data. */
  name: string;
  /** Ids of the rules (meta.json `rules`) these cases check. */
  rules: string[];
  /** One input. Reproducible: sampled with a seed derived from the exercise's uuid and this id. */
  input: Arbitrary<Input>;
  /** Inputs that always run first: the boundary values the prompt defines (exact limits, empty, ties, NaN). */
  examples?: Input[];
  /** How many inputs to sample besides the examples (default 24). */
  count?: number;
  /** Inputs per test case (default 4). */
  perCase?: number;
  run: (user: User, input: Input, h: HarnessHelpers) => unknown;
  /** What is compared, said for the learner ("alert events"): starts the failure message. */
  what: string;
  /**
   * Compares one output with the reference's. Default: numbers within the exercise's tolerance,
   * everything else exactly, objects with exactly the reference's keys.
   */
  compare?: (actual: Plain, expected: Plain, t: Checker, input: Input) => void;
  checkLeaks?: boolean;
  /** Budget of one test case (all its inputs); defaults to the exercise's per-test budget. */
  timeoutMs?: number;
  /**
   * The examples, then `count` inputs sampled from `input` with `seed`. Set by generatedCases
   * with the fast-check that made the arbitrary (a second copy could not drive it).
   */
  sample(seed: number): Input[];
}

export type SuiteEntry<User> = TestCase<User, never> | GeneratedCases<User, never>;

export interface TestSuite<User> {
  cases: SuiteEntry<User>[];
}

/**
 * Declares an exercise's tests. `User` is the shape of the submission's exports; each case's
 * `Input` is inferred from its `input`.
 *
 *   export default defineTests<{ scale(rows: number[][]): number[][] }>()([ testCase({...}), generatedCases({...}) ]);
 */
export function defineTests<User>() {
  return (cases: SuiteEntry<User>[]): TestSuite<User> => ({ cases });
}

/** Identity helper that infers `Input` for one case (use inside `defineTests<User>()([...])`). */
export function testCase<User, Input>(testCase: TestCase<User, Input>): TestCase<User, never> {
  return testCase as unknown as TestCase<User, never>;
}

/** Declares generated cases (see GeneratedCases); `Input` is inferred from the arbitrary. */
export function generatedCases<User, Input>(spec: Omit<GeneratedCases<User, Input>, 'kind' | 'sample'>): GeneratedCases<User, never> {
  const sample = (seed: number): Input[] => [...(spec.examples ?? []), ...fc.sample(spec.input, { seed, numRuns: spec.count ?? 24 })];
  return { kind: 'generated', ...spec, sample } as unknown as GeneratedCases<User, never>;
}

export function isGeneratedCases(entry: unknown): entry is GeneratedCases<unknown, unknown> {
  return typeof entry === 'object' && entry !== null && (entry as { kind?: unknown }).kind === 'generated';
}

/** Parses CSV text (header row first) into objects; numeric-looking cells become numbers, empty cells null. */
export { parseCsv } from '@/lib/exercises/parse-csv';
