import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import { mulberry32 } from '@/lib/seeded-random';
import { DIVISION_LABELS } from '@/lib/zoo/zip-regions';
import addressesCsv from '../data/addresses.csv';
import expected from './expected.json';

interface EarlyStoppingOptions {
  maxEpochs: number;
  patience: number;
  minDelta: number;
}
interface StoppingState {
  bestEpoch: number;
  bestValLoss: number;
  stop: boolean;
}
interface Split {
  x: number[][];
  labels: number[];
}
interface TrainingData {
  train: Split;
  validation: Split;
}
interface TrainingReport {
  model: tfjs.LayersModel;
  bestEpoch: number;
  bestValLoss: number;
  epochsRun: number;
  valLosses: number[];
}
interface User {
  earlyStoppingState(valLosses: number[], options: EarlyStoppingOptions): StoppingState;
  trainWithEarlyStopping(model: tfjs.LayersModel, data: TrainingData, options: EarlyStoppingOptions & { learningRate: number }): Promise<TrainingReport>;
}
interface Run extends EarlyStoppingOptions {
  id: string;
  seed: number;
  learningRate: number;
  valLosses: number[];
}

// ---- Data ----

const { mean, std } = expected.standardisation;
const rows = parseCsv(addressesCsv);
const splitOf = (name: string): Split => {
  const part = rows.filter((r) => r.split === name);
  return {
    x: part.map((r) => [(Number(r.latitude) - mean[0]!) / std[0]!, (Number(r.longitude) - mean[1]!) / std[1]!]),
    labels: part.map((r) => DIVISION_LABELS.indexOf(String(r.division))),
  };
};
const data: TrainingData = { train: splitOf('train'), validation: splitOf('validation') };
const runs = expected.runs as Run[];
const runById = (id: string) => runs.find((r) => r.id === id)!;

// ---- The rule, on the host (the oracle) ----

/** State after each epoch 1..n: the best epoch is the last one whose loss beat the best so far by more than minDelta. */
function statesOf(losses: number[], o: EarlyStoppingOptions): StoppingState[] {
  const states: StoppingState[] = [];
  let bestEpoch = 0;
  let bestValLoss = Infinity;
  let epochsWithoutImprovement = 0;
  losses.forEach((loss, i) => {
    if (bestValLoss - loss > o.minDelta) {
      bestEpoch = i + 1;
      bestValLoss = loss;
      epochsWithoutImprovement = 0;
    } else {
      epochsWithoutImprovement += 1;
    }
    states.push({ bestEpoch, bestValLoss, stop: epochsWithoutImprovement >= o.patience || i + 1 >= o.maxEpochs });
  });
  return states;
}

/** Where training with these losses stops: the first epoch whose state says stop. */
const stopEpochOf = (losses: number[], o: EarlyStoppingOptions) => statesOf(losses, o).findIndex((s) => s.stop) + 1;

// ---- Drivers (run in the sandbox; self-contained) ----

/** Asks for the state after every epoch of every sequence (null in a sequence stands for NaN). */
const everyPrefix = (user: User, input: { sequences: { losses: (number | null)[]; options: EarlyStoppingOptions }[] }) =>
  input.sequences.map(({ losses, options }) => {
    const values = losses.map((v) => (v === null ? NaN : v));
    return values.map((_, k) => user.earlyStoppingState(values.slice(0, k + 1), options));
  });

/** Builds the seeded 2 → 32 → 9 network, lets the submission train it, and measures the result with the harness's own copy. */
const trainRun = async (user: User, input: { data: TrainingData; run: EarlyStoppingOptions & { seed: number; learningRate: number } }, h: HarnessHelpers) => {
  const tf = h.tf;
  const { seed, learningRate, maxEpochs, patience, minDelta } = input.run;
  const model = h.own(
    tf.sequential({
      layers: [
        tf.layers.dense({ units: 32, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
        tf.layers.dense({ units: 9, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 100 }) }),
      ],
    }),
  );
  const passes = h.countPredictCalls(model);
  const report = await user.trainWithEarlyStopping(model, input.data, { maxEpochs, patience, minDelta, learningRate });
  const returned = await h.model(report.model);
  const valLoss = tf.tidy(() => {
    const probabilities = returned.predict(h.tensor(input.data.validation.x)) as tfjs.Tensor;
    const truth = tf.oneHot(tf.tensor1d(input.data.validation.labels, 'int32'), 9);
    return tf.metrics.categoricalCrossentropy(truth, probabilities).mean().dataSync()[0]!;
  });
  const trainingBatch = input.data.train.x.length;
  return {
    report: { bestEpoch: report.bestEpoch, bestValLoss: report.bestValLoss, epochsRun: report.epochsRun, valLosses: report.valLosses },
    valLoss,
    epochsTrained: passes.batchSizes.filter((size) => size === trainingBatch).length,
  };
};

// ---- Checks (run on the host) ----

interface Sequence {
  label: string;
  losses: (number | null)[];
  options: EarlyStoppingOptions;
}

function checkSequences(actual: Plain, sequences: Sequence[], t: Checker): void {
  const got = actual as unknown as StoppingState[][];
  t.that(Array.isArray(got) && got.length === sequences.length, 'earlyStoppingState should return a state for every call');
  sequences.forEach((sequence, i) => {
    const want = statesOf(sequence.losses.map((v) => (v === null ? NaN : v)), sequence.options);
    const states = Array.isArray(got[i]) ? got[i]! : [];
    const field = <K extends keyof StoppingState>(key: K) => states.map((s) => (s !== null && typeof s === 'object' ? s[key] : undefined));
    const where = sequence.label;
    const visible = `${sequence.label} (patience ${sequence.options.patience}, minDelta ${sequence.options.minDelta}, maxEpochs ${sequence.options.maxEpochs})`;
    t.equal(field('bestEpoch'), want.map((s) => s.bestEpoch), { what: `${where}: the best epoch after each epoch`, visibleWhat: `${visible}: the best epoch after each epoch` });
    t.closeTo(field('bestValLoss'), want.map((s) => s.bestValLoss), { what: `${where}: the best validation loss after each epoch`, visibleWhat: `${visible}: the best validation loss after each epoch`, tolerance: 0 });
    t.equal(field('stop'), want.map((s) => s.stop), { what: `${where}: whether to stop after each epoch`, visibleWhat: `${visible}: whether to stop after each epoch` });
  });
}

const options = (patience: number, minDelta: number, maxEpochs = 30): EarlyStoppingOptions => ({ patience, minDelta, maxEpochs });

/**
 * Seeded validation curves on a 1/256 grid (so every comparison with minDelta is exact, ties
 * included): a noisy descent that turns up again, for several patience and minDelta values.
 */
function generatedSequences(seed: number): Sequence[] {
  const random = mulberry32(seed);
  const settings = [options(1, 0, 25), options(2, 1 / 64, 25), options(3, 1 / 32, 25), options(5, 1 / 128, 18), options(4, 1 / 16, 25), options(2, 1 / 256, 12)];
  return settings.map((o, n) => {
    let level = 256;
    const turn = 6 + Math.floor(random() * 12);
    const losses = Array.from({ length: 25 }, (_, epoch) => {
      level += (epoch < turn ? -Math.floor(random() * 24) : Math.floor(random() * 10) - 3) + Math.floor(random() * 9) - 4;
      level = Math.max(8, level);
      return level / 256;
    });
    return { label: `generated curve ${n + 1}`, losses, options: o };
  });
}

const patienceCurve: Sequence = { label: 'a curve that turns up after epoch 3', losses: [1, 0.75, 0.5, 0.5625, 0.625, 0.5625, 0.6875], options: options(3, 0, 20) };
const exactDelta: Sequence = {
  label: 'a drop of exactly minDelta does not improve',
  losses: [1, 0.875, 0.8125, 0.6875, 0.6875, 0.5625, 0.5, 0.5625],
  options: options(2, 0.125, 20),
};
const slowDescent: Sequence = {
  label: 'slow, steady improvement: each step smaller than minDelta, together larger',
  losses: [1, 0.96875, 0.9375, 0.90625, 0.875, 0.84375, 0.8125, 0.78125, 0.75, 0.75, 0.75, 0.75],
  options: options(3, 0.0625, 20),
};
const smallDip: Sequence = {
  label: 'a drop smaller than minDelta is not a new best',
  losses: [1, 0.75, 0.6875, 0.71875, 0.703125, 0.75],
  options: options(4, 0.125, 20),
};
const promptExample: Sequence = { label: 'the example in the prompt', losses: [1, 0.875, 0.8125, 0.75, 0.7], options: options(2, 0.125, 20) };
const diverged: Sequence = { label: 'a NaN loss never improves', losses: [0.75, 0.5, null, null, 0.625], options: options(3, 0, 20) };
const maxedOut: Sequence = { label: 'still improving when the epochs run out', losses: [1, 0.875, 0.75, 0.625, 0.5], options: options(3, 0, 5) };
const patienceOne: Sequence = { label: 'patience 1', losses: [0.5, 0.25, 0.375, 0.125], options: options(1, 0, 20) };

function checkRun(actual: Plain, run: Run, t: Checker, where: string): void {
  const got = actual as unknown as { report: Omit<TrainingReport, 'model'>; valLoss: number; epochsTrained: number };
  const states = statesOf(run.valLosses, run);
  const stopEpoch = stopEpochOf(run.valLosses, run);
  const best = states[stopEpoch - 1]!;
  t.equal(got.epochsTrained, stopEpoch, { what: `epochs trained, counted by the grader (${where}): training must stop when the rule says so, not before and not after` });
  t.equal(got.report.epochsRun, stopEpoch, { what: `reported epochsRun (${where})` });
  t.closeTo(got.report.valLosses, run.valLosses.slice(0, stopEpoch), { what: `reported validation losses, one per epoch, of the recipe in the prompt (${where})`, tolerance: 1e-4 });
  t.equal(got.report.bestEpoch, best.bestEpoch, { what: `reported best epoch (${where})` });
  t.closeTo(got.report.bestValLoss, best.bestValLoss, { what: `reported best validation loss (${where})`, tolerance: 1e-4 });
  t.closeTo(got.valLoss, best.bestValLoss, { what: `validation loss of the returned model, measured by the grader (${where}): it must have the best epoch's weights, not the last epoch's`, tolerance: 1e-4 });
}

const trainInput = (id: string) => {
  const { seed, learningRate, maxEpochs, patience, minDelta } = runById(id);
  return { data, run: { seed, learningRate, maxEpochs, patience, minDelta } };
};

// ---- Generated curves: any length, patience, minDelta and maxEpochs; exact-minDelta drops, plateaus, NaN ----

interface GeneratedCurve {
  losses: (number | null)[];
  options: EarlyStoppingOptions;
}

/**
 * Losses on a 1/256 grid (every comparison with minDelta exact), stepping down, flat or up by whole
 * grid steps, with steps of exactly minDelta and NaN epochs (null) after the first; patience 1 to 6,
 * minDelta 0 to 1/16 and maxEpochs from 1 to past the curve's end.
 */
const generatedCurve: fc.Arbitrary<GeneratedCurve> = fc
  .record({ patience: fc.integer({ min: 1, max: 6 }), deltaSteps: fc.constantFrom(0, 0, 1, 2, 4, 16), length: fc.integer({ min: 1, max: 24 }) })
  .chain(({ patience, deltaSteps, length }) =>
    fc
      .record({
        start: fc.integer({ min: 128, max: 512 }),
        steps: fc.array(fc.oneof(fc.integer({ min: -24, max: 8 }), fc.constant(-deltaSteps), fc.constant(0), fc.constant(null)), { minLength: length - 1, maxLength: length - 1 }),
        maxEpochs: fc.integer({ min: 1, max: length + 3 }),
      })
      .map(({ start, steps, maxEpochs }) => {
        let level = start;
        const losses: (number | null)[] = [start / 256];
        for (const step of steps) {
          if (step === null) {
            losses.push(null);
            continue;
          }
          level = Math.max(1, level + step);
          losses.push(level / 256);
        }
        return { losses, options: { patience, minDelta: deltaSteps / 256, maxEpochs } };
      }),
  );

/** The state after every epoch of one curve (null stands for NaN). */
const everyPrefixOfCurve = (user: User, input: GeneratedCurve) => {
  const values = input.losses.map((v) => (v === null ? NaN : v));
  return values.map((_, k) => user.earlyStoppingState(values.slice(0, k + 1), input.options));
};

export default defineTests<User>()([
  testCase({
    id: 'stops-after-patience-epochs',
    name: 'stops after patience epochs in a row without improvement and keeps the best epoch',
    visible: true,
    rules: ['stop-rule', 'best-is-last-improvement'],
    input: { sequences: [patienceCurve] },
    run: everyPrefix,
    check: (actual, t) => checkSequences(actual, [patienceCurve], t),
  }),
  testCase({
    id: 'a-drop-of-exactly-min-delta',
    name: 'a validation loss lower by exactly minDelta is not an improvement; lower by more is',
    visible: true,
    rules: ['improves-by-more-than-min-delta'],
    input: { sequences: [exactDelta] },
    run: everyPrefix,
    check: (actual, t) => checkSequences(actual, [exactDelta], t),
  }),
  testCase({
    id: 'the-prompt-example',
    name: 'gives the states of the prompt’s example: lower losses that do not beat the best by more than minDelta run out the patience',
    visible: true,
    rules: ['best-is-last-improvement', 'stop-rule'],
    input: { sequences: [promptExample] },
    run: everyPrefix,
    check: (actual, t) => checkSequences(actual, [promptExample], t),
  }),
  testCase({
    id: 'restores-the-best-epoch',
    name: 'trains the weekly region model, stops 5 epochs after the best one and returns the best epoch’s weights',
    visible: true,
    rules: ['restore-best-weights', 'exact-epochs', 'training-recipe'],
    timeoutMs: 15_000,
    input: trainInput('weekly-job'),
    run: trainRun,
    check: (actual, t) => checkRun(actual, runById('weekly-job'), t, 'patience 5, minDelta 0.001'),
  }),
  testCase({
    id: 'counts-from-the-best-epoch',
    name: 'compares each epoch with the best so far, not with the epoch before',
    visible: false,
    rules: ['improves-by-more-than-min-delta', 'stop-rule'],
    input: { sequences: [slowDescent] },
    run: everyPrefix,
    check: (actual, t) => checkSequences(actual, [slowDescent], t),
  }),
  testCase({
    id: 'best-is-the-last-improvement',
    name: 'a lower loss that is not lower by more than minDelta does not become the best epoch',
    visible: false,
    rules: ['best-is-last-improvement'],
    input: { sequences: [smallDip] },
    run: everyPrefix,
    check: (actual, t) => checkSequences(actual, [smallDip], t),
  }),
  testCase({
    id: 'edges-of-the-rule',
    name: 'NaN losses never improve, patience 1 stops at the first miss, and training stops at maxEpochs',
    visible: false,
    rules: ['nan-never-improves', 'stop-rule'],
    input: { sequences: [diverged, patienceOne, maxedOut] },
    run: everyPrefix,
    check: (actual, t) => checkSequences(actual, [diverged, patienceOne, maxedOut], t),
  }),
  testCase({
    id: 'generated-curves',
    name: 'follows the rule on seeded curves with ties at exactly minDelta, for patience 1 to 5',
    visible: false,
    rules: ['improves-by-more-than-min-delta', 'stop-rule', 'best-is-last-improvement'],
    input: { sequences: generatedSequences(20261202) },
    run: everyPrefix,
    check: (actual, t) => checkSequences(actual, generatedSequences(20261202), t),
  }),
  testCase({
    id: 'impatient-run',
    name: 'with patience 2 and minDelta 0, stops two epochs after the best and restores it',
    visible: false,
    rules: ['exact-epochs', 'restore-best-weights', 'training-recipe', 'no-leaks'],
    timeoutMs: 15_000,
    input: trainInput('impatient'),
    run: trainRun,
    check: (actual, t) => checkRun(actual, runById('impatient'), t, 'patience 2, another seed'),
  }),
  testCase({
    id: 'restores-when-the-epochs-run-out',
    name: 'restores the best epoch when training runs out of epochs before patience does',
    visible: false,
    rules: ['restore-best-weights', 'exact-epochs'],
    timeoutMs: 15_000,
    input: trainInput('runs-out-of-epochs'),
    run: trainRun,
    check: (actual, t) => checkRun(actual, runById('runs-out-of-epochs'), t, 'training ran out of epochs'),
  }),
  testCase({
    id: 'coarse-min-delta-run',
    name: 'with minDelta 0.01, keeps the last epoch that improved by more than minDelta, not a later, slightly lower one',
    visible: false,
    rules: ['restore-best-weights', 'best-is-last-improvement'],
    timeoutMs: 15_000,
    input: trainInput('coarse-min-delta'),
    run: trainRun,
    check: (actual, t) => checkRun(actual, runById('coarse-min-delta'), t, 'minDelta 0.01, a third seed'),
  }),
  generatedCases({
    id: 'follows-the-rule-on-generated-curves',
    name: 'gives the state after every epoch like the reference on generated curves (patience 1 to 6, drops of exactly minDelta, plateaus, NaN losses, maxEpochs before, at and after the end)',
    rules: ['improves-by-more-than-min-delta', 'nan-never-improves', 'best-is-last-improvement', 'stop-rule'],
    input: generatedCurve,
    examples: [
      { losses: [0.5], options: { patience: 1, minDelta: 0, maxEpochs: 1 } },
      { losses: [1, 0.75, 0.75, 0.5], options: { patience: 1, minDelta: 0.25, maxEpochs: 10 } },
    ],
    count: 30,
    run: everyPrefixOfCurve,
    what: 'stopping states',
  }),
]);
