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
  /** Also distil these addresses at a low and a high temperature, for the mean entropy of each student on `heldOut`. */
  flatness?: { data: DistillationData; heldOut: number[][]; temperatures: number[] };
}
interface DistilOutcome {
  parameters: number;
  /** The shape of the student's output on the held-out rows, and each row's sum. */
  outputShape: number[];
  rowSums: number[];
  /** The student's predicted division (argmax) for each held-out row. */
  predicted: number[];
  teacherUnchanged: boolean;
  /** With `flatness`: each student's mean entropy (nats) on its held-out rows, in the order of the temperatures. */
  meanEntropies?: number[];
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
 * Distils inside the sandbox, then measures the student on held-out rows and reads the teacher's
 * weights back, both through the harness's own rebuilt copies (`h.model`), never through their own
 * methods. Only the output's shape, row sums and argmaxes leave the sandbox; the teacher's own
 * held-out divisions are known on the host (expected.json), since its weights must not change.
 */
const distilDriver = async (user: User, input: DistilInput, h: HarnessHelpers) => {
  const tf = h.tf;
  const teacherModel = await h.loadModel(input.teacher);
  const student = await h.model(await user.distil(teacherModel, input.data, input.options));
  const meanEntropies: number[] = [];
  if (input.flatness) {
    const rows = h.tensor(input.flatness.heldOut);
    for (const temperature of input.flatness.temperatures) {
      const other = await h.model(await user.distil(teacherModel, input.flatness.data, { ...input.options, temperature }));
      const p = tf.tidy(() => (other.predict(rows) as tfjs.Tensor).dataSync());
      let entropy = 0;
      for (let i = 0; i < p.length; i += 1) entropy -= p[i]! > 0 ? p[i]! * Math.log(p[i]!) : 0;
      meanEntropies.push(entropy / input.flatness.heldOut.length);
    }
  }
  const after = (await h.model(teacherModel)).getWeights().flatMap((w) => Array.from(w.dataSync()));
  const before = input.teacher.weightData;
  const x = h.tensor(input.heldOut);
  const studentOutput = tf.tidy(() => {
    const p = student.predict(x) as tfjs.Tensor;
    return { shape: p.shape, rowSums: Array.from(p.sum(-1).dataSync()), predicted: Array.from(p.argMax(-1).dataSync()) };
  });
  return {
    parameters: student.countParams(),
    outputShape: studentOutput.shape,
    rowSums: studentOutput.rowSums,
    predicted: studentOutput.predicted,
    teacherUnchanged: before.length === after.length && before.every((v, i) => v === after[i]),
    ...(input.flatness ? { meanEntropies } : {}),
  };
};

const share = (a: number[], b: number[]) => a.filter((v, i) => v === b[i]).length / Math.max(1, b.length);
/**
 * softTargets is compared per value within this tolerance: float32 arithmetic (tf.softmax, tf.pow)
 * is accurate to about 1e-7, so a tfjs implementation passes as well as a float64 one.
 */
const SOFT_TOLERANCE = 1e-6;
const fmt = (n: number) => String(Number(n.toFixed(3)));

/** What every student shows, whatever it learned: the budget, [n, 9] probabilities, an untouched teacher. */
function checkStudentShape(actual: Plain, options: DistillationOptions, heldOutRows: number, t: Checker, where: string): void {
  const a = (actual ?? {}) as Partial<DistilOutcome>;
  t.atMost(Number(a.parameters), options.maxParams, { what: `student parameters against the budget${where}`, visibleWhat: `student parameters against the budget of ${options.maxParams}${where}` });
  t.that(a.teacherUnchanged === true, `the teacher's weights changed: distillation must only read the teacher${where}`);
  t.that(
    Array.isArray(a.outputShape) && a.outputShape.length === 2 && a.outputShape[0] === heldOutRows && a.outputShape[1] === 9,
    `the student should map [n, 2] addresses to [n, 9] probabilities${where}`,
    { expected: `[${heldOutRows}, 9]`, actual: JSON.stringify(a.outputShape) },
  );
  t.closeTo(a.rowSums, Array.from({ length: heldOutRows }, () => 1), { what: `student output rows sum to 1 (a softmax output)${where}`, tolerance: 1e-4 });
}

/** The distilled student against the hand-label model and the teacher, on all the held-out rows. */
function checkStudentAccuracy(actual: Plain, t: Checker, where: string): void {
  const a = actual as unknown as DistilOutcome;
  t.atLeast(share(a.predicted, heldOutLabels), expected.hardLabelStudent.accuracy + 0.02, {
    what: `held-out accuracy of the distilled student; it must beat the student trained on the ${data.labelled.labels.length} hand labels only (${fmt(expected.hardLabelStudent.accuracy)}) by 2 points${where}`,
  });
  t.atLeast(share(a.predicted, expected.teacherDivisions), 0.9, { what: `share of held-out addresses where the student agrees with the teacher${where}` });
}

/** Distilled at a high temperature, the same student must come out flatter than at temperature 1. */
function checkFlatness(actual: Plain, t: Checker): void {
  const [atOne, atEight] = (actual as unknown as DistilOutcome).meanEntropies ?? [];
  t.that(
    atEight! > atOne! + 0.05,
    'the temperature never reaches the student: distilled at a high temperature it is no flatter than at temperature 1 (train on softTargets(probabilities, options.temperature))',
    { expected: 'mean entropy at T = 8 above the one at T = 1 by more than 0.05 nats', actual: `${fmt(atEight!)} at T = 8, ${fmt(atOne!)} at T = 1` },
  );
}


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
 * 5, 10 to 40 hand labels and 0 to 40 logged addresses (less than one batch of the recipe: what is
 * checked here, the budget, the shape and the teacher, does not need a well-trained student).
 */
const generatedInput = (maxParams: number, temperature: number, labelled: number, unlabelled: number): GeneratedDistillation => ({
  teacher,
  data: { labelled: { x: data.labelled.x.slice(0, labelled), labels: data.labelled.labels.slice(0, labelled) }, unlabelled: data.unlabelled.slice(0, unlabelled) },
  options: { temperature, maxParams },
  heldOut: heldOut.slice(0, 40),
});
const generatedDistillation: fc.Arbitrary<GeneratedDistillation> = fc
  .record({
    maxParams: fc.oneof(fc.integer({ min: 60, max: 400 }), fc.integer({ min: 5, max: 32 }).map((h) => 12 * h + 9)),
    temperature: fc.constantFrom(1, 2, 3.5, 5),
    labelled: fc.integer({ min: 10, max: 40 }),
    unlabelled: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ maxParams, temperature, labelled, unlabelled }) => generatedInput(maxParams, temperature, labelled, unlabelled));

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
    name: 'distils region-mlp-m on 30 hand-labelled and 30 logged addresses into at most 250 parameters: 9 probabilities per address, the teacher untouched',
    visible: true,
    rules: ['parameter-budget', 'student-io', 'teacher-untouched', 'no-leaks'],
    // Less than one batch of the recipe: a quick look at the student's contract. How well it learns
    // from all 800 addresses is checked on Submit.
    input: {
      teacher,
      data: { labelled: { x: data.labelled.x.slice(0, 30), labels: data.labelled.labels.slice(0, 30) }, unlabelled: data.unlabelled.slice(0, 30) },
      options: { temperature: 2, maxParams: 250 },
      heldOut: heldOut.slice(0, 200),
    },
    run: distilDriver,
    check: (actual, t) => checkStudentShape(actual, { temperature: 2, maxParams: 250 }, 200, t, ' (budget 250, temperature 2)'),
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
    name: 'distilled from all 800 addresses at temperature 3 into 250 parameters, the student beats the hand-label model and agrees with the teacher; distilled at temperature 8 instead of 1, the same student comes out flatter',
    visible: false,
    rules: ['beats-hand-labels', 'all-addresses', 'temperature-reaches-training', 'parameter-budget', 'student-io', 'teacher-untouched', 'no-leaks'],
    timeoutMs: 10_000,
    input: {
      teacher,
      data,
      options: { temperature: 3, maxParams: 250 },
      heldOut,
      // Two more students in the same case, where the fitting code is already warm: 60 addresses are
      // less than one batch, so each trains for 10 steps, enough to tell a flat student from a sharp
      // one (mean entropy about 0.7 against 1.1 nats, whatever the seeds).
      flatness: {
        data: { labelled: { x: data.labelled.x.slice(0, 30), labels: data.labelled.labels.slice(0, 30) }, unlabelled: data.unlabelled.slice(0, 30) },
        heldOut: heldOut.slice(0, 200),
        temperatures: [1, 8],
      },
    },
    run: distilDriver,
    check: (actual, t) => {
      checkStudentShape(actual, { temperature: 3, maxParams: 250 }, heldOut.length, t, ' (all addresses, temperature 3)');
      checkStudentAccuracy(actual, t, ' (all addresses, temperature 3)');
      checkFlatness(actual, t);
    },
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
    // The smallest budget with no logged addresses, and the largest 2 → h → 9 network within 400.
    examples: [generatedInput(60, 2, 10, 0), generatedInput(12 * 32 + 9, 5, 40, 40)],
    count: 2,
    run: distilDriver,
    what: 'distilled student',
    compare: (actual, _expected, t, input) => checkStudentShape(actual, input.options, input.heldOut.length, t, ''),
    timeoutMs: 10_000,
  }),
]);
