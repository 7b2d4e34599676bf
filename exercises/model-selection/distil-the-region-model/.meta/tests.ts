import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import { readZooCard, readZooModel } from '@/lib/zoo/read-zoo';
import { DIVISION_LABELS, loadZipSplits } from '@/lib/zoo/zip-regions';
import labelledCsv from '../data/labelled.csv';
import unlabelledCsv from '../data/unlabelled.csv';
import expected from './expected.json';

interface DistillationData {
  labelled: { x: number[][]; labels: number[] };
  unlabelled: number[][];
}
interface DistillationOptions {
  temperature: number;
  maxParams: number;
}
interface User {
  softTargets(probabilities: number[][], temperature: number): number[][];
  distil(teacher: tfjs.LayersModel, data: DistillationData, options: DistillationOptions): Promise<tfjs.LayersModel>;
}
interface DistilInput {
  teacher: ModelArtifactsData;
  data: DistillationData;
  options: DistillationOptions;
  heldOut: number[][];
}
interface DistilOutcome {
  parameters: number;
  /** The student's and the teacher's probabilities on the held-out rows. */
  probabilities: number[][];
  teacherProbabilities: number[][];
  teacherUnchanged: boolean;
}

// ---- Host-side reference ----

function soften(probabilities: number[][], temperature: number): number[][] {
  return probabilities.map((row) => {
    const powered = row.map((p) => p ** (1 / temperature));
    const total = powered.reduce((a, b) => a + b, 0);
    return powered.map((v) => v / total);
  });
}

// ---- Data ----

const { mean, std } = readZooCard('region-mlp-m').inputs.normalisation!;
const standardise = (lat: number, lon: number) => [(lat - mean[0]!) / std[0]!, (lon - mean[1]!) / std[1]!];
const labelledRows = parseCsv(labelledCsv);
const data: DistillationData = {
  labelled: { x: labelledRows.map((r) => standardise(Number(r.latitude), Number(r.longitude))), labels: labelledRows.map((r) => DIVISION_LABELS.indexOf(String(r.division))) },
  unlabelled: parseCsv(unlabelledCsv).map((r) => standardise(Number(r.latitude), Number(r.longitude))),
};
const heldOutRows = loadZipSplits().validation.slice(0, expected.heldOutRows);
const heldOut = heldOutRows.map((r) => standardise(r.latitude, r.longitude));
const heldOutLabels = heldOutRows.map((r) => r.label);
const teacher = readZooModel('region-mlp-m');

const probabilities = [
  [0.7, 0.2, 0.1],
  [0.96, 0.03, 0.01],
  [0.25, 0.25, 0.5],
];
const withZeros = [
  [0, 1, 0],
  [0.5, 0, 0.5],
  [0.999, 0.001, 0],
];

/**
 * Distils inside the sandbox, then measures the student (and checks the teacher) on held-out rows.
 * Both are measured on the harness's own rebuilt copies (`h.model`), never through their own methods.
 */
const distilDriver = async (user: User, input: DistilInput, h: HarnessHelpers) => {
  const tf = h.tf;
  const teacherModel = await h.loadModel(input.teacher);
  const weightsOf = (model: tfjs.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
  const before = weightsOf(await h.model(teacherModel));
  const student = await h.model(await user.distil(teacherModel, input.data, input.options));
  const teacherNow = await h.model(teacherModel);
  const after = weightsOf(teacherNow);
  const x = h.tensor(input.heldOut);
  return {
    parameters: student.countParams(),
    probabilities: tf.tidy(() => (student.predict(x) as tfjs.Tensor).arraySync() as number[][]),
    teacherProbabilities: tf.tidy(() => (teacherNow.predict(x) as tfjs.Tensor).arraySync() as number[][]),
    teacherUnchanged: before.length === after.length && before.every((w, i) => w.length === after[i]!.length && w.every((v, j) => v === after[i]![j])),
  };
};

const share = (a: number[], b: number[]) => a.filter((v, i) => v === b[i]).length / Math.max(1, b.length);
const argmax = (row: number[]) => row.indexOf(Math.max(...row));
/**
 * softTargets is compared per value within this tolerance: float32 arithmetic (tf.softmax, tf.pow)
 * is accurate to about 1e-7, so a tfjs implementation passes as well as a float64 one.
 */
const SOFT_TOLERANCE = 1e-6;
const fmt = (n: number) => String(Number(n.toFixed(3)));

function checkStudent(actual: Plain, options: DistillationOptions, t: Checker, where: string): void {
  const a = actual as unknown as DistilOutcome;
  t.atMost(a.parameters, options.maxParams, { what: `student parameters against the budget (${where})`, visibleWhat: `student parameters against the budget of ${options.maxParams} (${where})` });
  t.that(a.teacherUnchanged === true, `the teacher's weights changed: distillation must only read the teacher (${where})`);
  const rowSums = a.probabilities.slice(0, 5).map((p) => p.reduce((sum, v) => sum + v, 0));
  t.closeTo(rowSums, [1, 1, 1, 1, 1], { what: `student output rows sum to 1 (a softmax output) (${where})`, tolerance: 1e-4 });
  const predicted = a.probabilities.map(argmax);
  t.atLeast(share(predicted, heldOutLabels), expected.hardLabelStudent.accuracy + 0.02, {
    what: `held-out accuracy of the distilled student; it must beat the student trained on the ${data.labelled.labels.length} hand labels only (${fmt(expected.hardLabelStudent.accuracy)}) by 2 points (${where})`,
  });
  t.atLeast(share(predicted, a.teacherProbabilities.map(argmax)), 0.9, { what: `share of held-out addresses where the student agrees with the teacher (${where})` });
}

/** Mean entropy of probability rows, in nats. */
const meanEntropy = (rows: number[][]) => rows.reduce((sum, row) => sum - row.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0), 0) / Math.max(1, rows.length);


// ---- Generated cases ----

/**
 * 0 to 6 rows of 1 to 9 classes: probabilities on a 1/1000 grid with zeros, ties and a certain
 * class; temperatures from sharpening (0.5) to nearly uniform (20).
 */
const generatedSoftening = fc
  .record({
    classes: fc.integer({ min: 1, max: 9 }),
    temperature: fc.constantFrom(0.5, 1, 1.5, 2, 3, 7.5, 20),
    seeds: fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0, 0, 5, 5)), { minLength: 9, maxLength: 9 }), { maxLength: 6 }),
  })
  .map(({ classes, temperature, seeds }) => ({
    temperature,
    probabilities: seeds.map((seed) => {
      const weights: number[] = seed.slice(0, classes);
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const total = weights.reduce((a, b) => a + b, 0);
      return weights.map((w) => w / total);
    }),
  }));

interface GeneratedDistillation {
  teacher: ModelArtifactsData;
  data: DistillationData;
  options: DistillationOptions;
  heldOut: number[][];
}
/**
 * Budgets from 60 to 400 parameters (some exactly a 2 → h → 9 network's size), temperatures 1 to
 * 5, 20 to 100 hand labels and 0 to 100 logged addresses (at most one batch of the recipe: what is
 * checked here, the budget, the shape and the teacher, does not need a well-trained student).
 */
const generatedDistillation: fc.Arbitrary<GeneratedDistillation> = fc
  .record({
    maxParams: fc.oneof(fc.integer({ min: 60, max: 400 }), fc.integer({ min: 5, max: 32 }).map((h) => 12 * h + 9)),
    temperature: fc.constantFrom(1, 2, 3.5, 5),
    labelled: fc.integer({ min: 20, max: 100 }),
    unlabelled: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ maxParams, temperature, labelled, unlabelled }) => ({
    teacher,
    data: { labelled: { x: data.labelled.x.slice(0, labelled), labels: data.labelled.labels.slice(0, labelled) }, unlabelled: data.unlabelled.slice(0, unlabelled) },
    options: { temperature, maxParams },
    heldOut: heldOut.slice(0, 100),
  }));

/** What any good student shows, whatever it learned: the budget, the shape, probabilities, an untouched teacher. */
function compareStudent(actual: Plain, _expected: Plain, t: Checker, input: GeneratedDistillation): void {
  const a = (actual ?? {}) as Partial<DistilOutcome>;
  t.atMost(Number(a.parameters), input.options.maxParams, { what: 'student parameters against the budget' });
  t.that(a.teacherUnchanged === true, "the teacher's weights changed: distillation must only read the teacher");
  t.that(
    Array.isArray(a.probabilities) && a.probabilities.length === input.heldOut.length && a.probabilities.every((row) => Array.isArray(row) && row.length === 9),
    'the student should map [n, 2] addresses to [n, 9] probabilities',
  );
  t.closeTo(
    a.probabilities!.map((row) => row.reduce((sum, v) => sum + v, 0)),
    input.heldOut.map(() => 1),
    { what: 'student output rows sum to 1 (a softmax output)', tolerance: 1e-4 },
  );
}

export default defineTests<User>()([
  testCase({
    id: 'softens-with-a-temperature',
    name: 'softens teacher probabilities with temperature 2: softmax(log p / 2)',
    visible: true,
    rules: ['soft-targets'],
    input: { probabilities, temperature: 2 },
    run: (user: User, input: { probabilities: number[][]; temperature: number }) => user.softTargets(input.probabilities, input.temperature),
    check: (actual, t) => t.closeTo(actual, soften(probabilities, 2), { what: 'soft targets at temperature 2 (p^(1/2), renormalised)', tolerance: SOFT_TOLERANCE }),
  }),
  testCase({
    id: 'temperature-one-keeps-the-probabilities',
    name: 'temperature 1 returns the teacher’s probabilities unchanged',
    visible: true,
    rules: ['soft-targets'],
    input: { probabilities, temperature: 1 },
    run: (user: User, input: { probabilities: number[][]; temperature: number }) => user.softTargets(input.probabilities, input.temperature),
    check: (actual, t) => t.closeTo(actual, probabilities, { what: 'soft targets at temperature 1', tolerance: SOFT_TOLERANCE }),
  }),
  testCase({
    id: 'distils-within-the-budget',
    name: 'distils region-mlp-m into at most 250 parameters that beat the hand-label student on held-out addresses',
    visible: true,
    rules: ['parameter-budget', 'beats-hand-labels', 'all-addresses', 'student-io', 'teacher-untouched', 'no-leaks'],
    timeoutMs: 10_000,
    input: { teacher, data, options: { temperature: 2, maxParams: 250 }, heldOut },
    run: distilDriver,
    check: (actual, t) => checkStudent(actual, { temperature: 2, maxParams: 250 }, t, 'budget 250, temperature 2'),
  }),
  testCase({
    id: 'high-temperature-flattens-but-keeps-the-order',
    name: 'temperature 10 moves the targets toward uniform but keeps the teacher’s ranking',
    visible: true,
    rules: ['soft-targets'],
    input: { probabilities, temperature: 10 },
    run: (user: User, input: { probabilities: number[][]; temperature: number }) => user.softTargets(input.probabilities, input.temperature),
    check: (actual, t) => t.closeTo(actual, soften(probabilities, 10), { what: 'soft targets at temperature 10', tolerance: SOFT_TOLERANCE }),
  }),
  testCase({
    id: 'keeps-impossible-classes-at-zero',
    name: 'a class the teacher gives probability 0 stays at 0 at any temperature, with no NaN',
    visible: false,
    rules: ['zero-stays-zero'],
    input: { probabilities: withZeros, temperature: 3 },
    run: (user: User, input: { probabilities: number[][]; temperature: number }) => user.softTargets(input.probabilities, input.temperature),
    check: (actual, t) => t.closeTo(actual, soften(withZeros, 3), { what: 'soft targets for rows with zero probabilities', visibleWhat: 'soft targets at temperature 3 for rows with zero probabilities', tolerance: SOFT_TOLERANCE }),
  }),
  testCase({
    id: 'does-not-change-the-teacher-output',
    name: 'softTargets returns new rows and leaves the teacher’s probability rows unchanged',
    visible: false,
    rules: ['new-arrays'],
    input: { probabilities, temperature: 2 },
    run: (user: User, input: { probabilities: number[][]; temperature: number }, h: HarnessHelpers) => {
      const copy = h.lend(input.probabilities.map((row) => row.slice()));
      user.softTargets(copy, input.temperature);
      return copy;
    },
    check: (actual, t) => t.closeTo(actual, probabilities, { what: 'the teacher probabilities passed to softTargets (must not be changed)', tolerance: 0 }),
  }),
  testCase({
    id: 'the-temperature-reaches-the-student',
    name: 'distilled at temperature 8 instead of 1, the same student comes out flatter (the temperature reaches the training)',
    visible: false,
    rules: ['temperature-reaches-training'],
    timeoutMs: 10_000,
    // 200 addresses are one batch, so each of the two students trains for 10 steps: enough to tell a flat student from a sharp one.
    input: { teacher, data: { labelled: data.labelled, unlabelled: data.unlabelled.slice(0, 100) }, heldOut: heldOut.slice(0, 200), temperatures: [1, 8] },
    run: async (user: User, input: { teacher: ModelArtifactsData; data: DistillationData; heldOut: number[][]; temperatures: number[] }, h: HarnessHelpers) => {
      const teacherModel = await h.loadModel(input.teacher);
      const x = h.tensor(input.heldOut);
      const outputs: number[][][] = [];
      for (const temperature of input.temperatures) {
        const student = await h.model(await user.distil(teacherModel, input.data, { temperature, maxParams: 250 }));
        outputs.push(h.tf.tidy(() => (student.predict(x) as tfjs.Tensor).arraySync() as number[][]));
      }
      return outputs;
    },
    check: (actual, t) => {
      const [atOne, atEight] = (actual as unknown as number[][][]).map(meanEntropy);
      t.that(
        atEight! > atOne! + 0.05,
        'the temperature never reaches the student: distilled at a high temperature it is no flatter than at temperature 1 (train on softTargets(probabilities, options.temperature))',
        { expected: 'mean entropy at T = 8 above the one at T = 1 by more than 0.05 nats', actual: `${fmt(atEight!)} at T = 8, ${fmt(atOne!)} at T = 1` },
      );
    },
  }),
  testCase({
    id: 'softens-a-batch-of-teacher-rows',
    name: 'softens 9-class rows like the teacher’s at temperature 4, each row summing to 1',
    visible: false,
    rules: ['soft-targets'],
    input: {
      probabilities: [
        [0.01, 0.02, 0.9, 0.01, 0.02, 0.01, 0.01, 0.01, 0.01],
        [0.3, 0.3, 0.1, 0.1, 0.05, 0.05, 0.04, 0.03, 0.03],
      ],
      temperature: 4,
    },
    run: (user: User, input: { probabilities: number[][]; temperature: number }) => user.softTargets(input.probabilities, input.temperature),
    check: (actual, t) =>
      t.closeTo(
        actual,
        soften(
          [
            [0.01, 0.02, 0.9, 0.01, 0.02, 0.01, 0.01, 0.01, 0.01],
            [0.3, 0.3, 0.1, 0.1, 0.05, 0.05, 0.04, 0.03, 0.03],
          ],
          4,
        ),
        { what: 'soft targets of rows shaped like the teacher’s output', visibleWhat: 'soft targets of 9-class rows at temperature 4', tolerance: SOFT_TOLERANCE },
      ),
  }),
  testCase({
    id: 'distils-at-a-higher-temperature',
    name: 'distilled at temperature 3 into 250 parameters, the student still beats the hand-label model and agrees with the teacher',
    visible: false,
    rules: ['beats-hand-labels', 'parameter-budget', 'all-addresses'],
    timeoutMs: 10_000,
    input: { teacher, data, options: { temperature: 3, maxParams: 250 }, heldOut },
    run: distilDriver,
    check: (actual, t) => checkStudent(actual, { temperature: 3, maxParams: 250 }, t, 'a higher temperature'),
  }),
  generatedCases({
    id: 'softens-generated-rows-like-the-reference',
    name: 'softTargets matches the reference for generated rows (1 to 9 classes, no rows, zeros, ties, a certain class, temperatures 0.5 to 20) and leaves them unchanged',
    rules: ['soft-targets', 'zero-stays-zero', 'new-arrays'],
    input: generatedSoftening,
    examples: [
      { probabilities: [], temperature: 2 },
      { probabilities: [[1]], temperature: 3 },
      { probabilities: [[0, 0, 1, 0]], temperature: 0.5 },
    ],
    count: 25,
    run: (user: User, input: { probabilities: number[][]; temperature: number }, h: HarnessHelpers) => {
      const given = h.lend(input.probabilities.map((row) => row.slice()));
      return { soft: user.softTargets(given, input.temperature), given };
    },
    what: 'soft targets, and the teacher rows afterwards',
    compare: (actual, expected, t) => {
      const got = (actual ?? {}) as { soft?: Plain; given?: Plain };
      const want = expected as unknown as { soft: number[][]; given: number[][] };
      t.closeTo(got.soft, want.soft, { what: 'soft targets (p^(1/T), renormalised per row)', tolerance: SOFT_TOLERANCE });
      t.closeTo(got.given, want.given, { what: 'the teacher probabilities passed to softTargets (must not be changed)', tolerance: 0 });
    },
  }),
  generatedCases({
    id: 'distils-within-generated-budgets',
    name: 'distils a student within generated budgets (60 to 400 parameters, some exactly a network’s size), temperatures and amounts of data, that outputs 9 probabilities per address and leaves the teacher untouched',
    rules: ['parameter-budget', 'student-io', 'teacher-untouched', 'no-leaks', 'all-addresses'],
    input: generatedDistillation,
    count: 4,
    run: distilDriver,
    what: 'distilled student',
    compare: compareStudent,
    timeoutMs: 30_000,
  }),
]);
