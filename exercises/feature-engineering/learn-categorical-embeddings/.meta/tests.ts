import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import strikesCsv from '../data/strikes.csv';
import expected from './expected.json';

interface Strikes {
  species: string[];
  features: number[][];
  damaged: number[];
}
interface Served {
  species: string[];
  features: number[][];
}
interface TrainingOptions {
  minCount: number;
  dim: number;
  epochs: number;
  learningRate: number;
  seed: number;
}
interface User {
  buildVocabulary(values: string[], minCount: number): string[];
  encodeCategories(vocabulary: string[], values: string[]): number[];
  trainDamageModel(train: Strikes, options: TrainingOptions): Promise<{ vocabulary: string[]; model: tfjs.LayersModel }>;
  embeddingTable(model: tfjs.LayersModel): number[][];
  predictDamage(model: tfjs.LayersModel, vocabulary: string[], strikes: Served): number[];
  trainOnEmbeddings(table: number[][], vocabulary: string[], train: Strikes, options: { epochs: number; learningRate: number }): Promise<tfjs.LayersModel>;
}

// ---- Data ----

const PHASES = ['Approach', 'Climb', 'Take-off run', 'Landing Roll', 'Descent'];
const rows = parseCsv(strikesCsv);
const strikesOf = (part: Record<string, unknown>[]): Strikes => ({
  species: part.map((r) => String(r.species)),
  features: part.map((r) => PHASES.map((phase) => (phase === r.phase ? 1 : 0))),
  damaged: part.map((r) => Number(r.damaged)),
});
const train = strikesOf(rows.filter((r) => r.split === 'train'));
const test = strikesOf(rows.filter((r) => r.split === 'test'));
const smallTrain: Strikes = { species: train.species.slice(0, expected.other.rows), features: train.features.slice(0, expected.other.rows), damaged: train.damaged.slice(0, expected.other.rows) };
const options = expected.options as TrainingOptions;
const otherOptions = expected.otherOptions as TrainingOptions;
const referenceModel = expected.model as unknown as ModelArtifactsData;
const otherModel = expected.other.model as unknown as ModelArtifactsData;
const serving: Served = { species: expected.serving.species, features: expected.serving.features };

const LOSS_TOLERANCE = 2e-3;
const TABLE_TOLERANCE = 1e-3;
const PROBABILITY_TOLERANCE = 1e-5;

// ---- The rule, on the host (the oracle for hand-written cases) ----

function vocabularyOf(values: string[], minCount: number): string[] {
  const counts = new Map<string, number>();
  values.filter((v) => v !== '').forEach((v) => counts.set(v, (counts.get(v) ?? 0) + 1));
  return [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}
const indicesOf = (vocabulary: string[], values: string[]) => values.map((v) => vocabulary.indexOf(v) + 1);

const logLoss = (p: number[], y: number[]) => -y.reduce((sum, v, i) => sum + (v === 1 ? Math.log(p[i]!) : Math.log(1 - p[i]!)), 0) / y.length;

// ---- Drivers (run in the sandbox; self-contained) ----

const vocabularyRun = (user: User, input: { values: string[]; minCount: number; serve: string[] }) => {
  const vocabulary = user.buildVocabulary(input.values, input.minCount);
  return { vocabulary, indices: user.encodeCategories(vocabulary, input.serve) };
};

/** Trains through the submission, then reads the embedding table and scores the test strikes with the harness's own copy of the model. */
const trainRun = async (user: User, input: { train: Strikes; test: Served; options: TrainingOptions; layer: string }, h: HarnessHelpers) => {
  const report = await user.trainDamageModel(input.train, input.options);
  const model = await h.model(report.model);
  const layer = model.layers.find((l) => l.name === input.layer);
  if (!layer) return { vocabulary: report.vocabulary, table: null, userTable: null, predictions: [] };
  const table = layer.getWeights()[0]!.arraySync() as number[][];
  const userTable = user.embeddingTable(report.model);
  const index = new Map(report.vocabulary.map((v, i) => [v, i + 1]));
  const ids = h.tensor(input.test.species.map((s) => [index.get(s) ?? 0]), undefined, 'int32');
  const features = h.tensor(input.test.features);
  const predictions = h.tf.tidy(() => Array.from((model.predict([ids, features]) as tfjs.Tensor).dataSync()));
  return { vocabulary: report.vocabulary, table, userTable, predictions };
};

const tableRun = async (user: User, input: { artifacts: ModelArtifactsData }, h: HarnessHelpers) => user.embeddingTable(await h.loadModel(input.artifacts));

/** Serves a batch, each strike alone and an empty batch with the reference model; the vocabulary is lent so changes to it show. */
const servingRun = async (user: User, input: { artifacts: ModelArtifactsData; vocabulary: string[]; strikes: Served }, h: HarnessHelpers) => {
  const model = await h.loadModel(input.artifacts);
  const vocabulary = h.lend(input.vocabulary.slice());
  const batch = user.predictDamage(model, vocabulary, input.strikes);
  const single = input.strikes.species.map((s, i) => user.predictDamage(model, vocabulary, { species: [s], features: [input.strikes.features[i]!] })[0]);
  const empty = user.predictDamage(model, vocabulary, { species: [], features: [] });
  return { batch, single, empty, vocabulary: vocabulary.slice() };
};

/** Trains the second model on the given frozen table and scores it on the test strikes' embedding features with the harness's copy. */
const secondRun = async (user: User, input: { table: number[][]; vocabulary: string[]; train: Strikes; test: Served; options: { epochs: number; learningRate: number } }, h: HarnessHelpers) => {
  const returned = await user.trainOnEmbeddings(input.table, input.vocabulary, input.train, input.options);
  const model = await h.model(returned);
  const width = model.inputs[0]!.shape[1];
  const index = new Map(input.vocabulary.map((v, i) => [v, i + 1]));
  const rowsOf = input.test.species.map((s, i) => [...input.table[index.get(s) ?? 0]!, ...input.test.features[i]!]);
  if (rowsOf[0]!.length !== width) return { width, predictions: [] };
  const x = h.tensor(rowsOf);
  return { width, predictions: h.tf.tidy(() => Array.from((model.predict(x) as tfjs.Tensor).dataSync())) };
};

// ---- Checks (run on the host) ----

function checkVocabulary(actual: Plain, input: { values: string[]; minCount: number; serve: string[] }, t: Checker, where: string): void {
  const got = actual as unknown as { vocabulary: string[]; indices: number[] };
  const vocabulary = vocabularyOf(input.values, input.minCount);
  t.equal(got.vocabulary, vocabulary, { what: `vocabulary (${where})` });
  t.equal(got.indices, indicesOf(vocabulary, input.serve), { what: `indices of the served values (${where})` });
}

interface Trained {
  vocabulary: string[];
  table: number[][] | null;
  userTable: number[][] | null;
  predictions: number[];
}

function checkTraining(actual: Plain, want: { vocabulary: string[]; table: number[][]; loss: number }, t: Checker, where: string): void {
  const got = actual as unknown as Trained;
  t.equal(got.vocabulary, want.vocabulary, { what: `vocabulary learned from the training strikes (${where})` });
  t.that(got.table !== null, 'the model should have an embedding layer named species_embedding');
  t.equal([got.table!.length, got.table![0]?.length], [want.table.length, want.table[0]!.length], { what: `embedding table shape: vocabulary + 1 rows (index 0 is the unknown bucket), dim columns (${where})` });
  t.closeTo(got.userTable, got.table, { what: `embeddingTable: the embedding layer's weights, row i for index i (${where})`, tolerance: 1e-6 });
  t.closeTo(got.table, want.table, { what: `learned embedding table, read by the grader (${where}): the recipe trains the same table`, tolerance: TABLE_TOLERANCE });
  t.closeTo(logLoss(got.predictions, test.damaged), want.loss, { what: `test log-loss of the trained model, measured by the grader (${where})`, tolerance: LOSS_TOLERANCE });
}

function checkServing(actual: Plain, input: { vocabulary: string[]; strikes: Served }, probabilities: number[], t: Checker, where: string): void {
  const got = actual as unknown as { batch: number[]; single: number[]; empty: number[]; vocabulary: string[] };
  t.closeTo(got.batch, probabilities, { what: `damage probabilities of a batch (${where})`, tolerance: PROBABILITY_TOLERANCE });
  t.closeTo(got.single, probabilities, { what: `damage probability of each strike served alone (${where})`, tolerance: PROBABILITY_TOLERANCE });
  t.equal(got.empty, [], { what: 'damage probabilities of an empty batch' });
  t.equal(got.vocabulary, input.vocabulary, { what: 'the vocabulary after serving: serving never adds a category' });
}

// ---- Generated inputs ----

const NAMES = ['Canada goose', 'canada goose', 'Mallard', 'Rock pigeon', 'Killdeer', '', 'Barn owl', 'Zebra dove', 'American kestrel'];
const vocabularyInput = fc.record({
  values: fc.array(fc.constantFrom(...NAMES), { maxLength: 40 }),
  minCount: fc.integer({ min: 1, max: 5 }),
  serve: fc.array(fc.constantFrom(...NAMES, 'Sandhill crane'), { maxLength: 8 }),
});

const known = [...new Set(train.species)];
const servingInput = fc
  .array(fc.record({ species: fc.constantFrom(...known, 'Sandhill crane', '', 'mallard'), phase: fc.integer({ min: 0, max: 5 }) }), { maxLength: 8 })
  .map((strikes) => ({
    artifacts: referenceModel,
    vocabulary: expected.vocabulary,
    strikes: { species: strikes.map((s) => s.species), features: strikes.map((s) => PHASES.map((_, p) => (p === s.phase ? 1 : 0))) },
  }));

const tieInput = {
  values: ['Mallard', 'Killdeer', 'barn owl', 'Mallard', '', '', '', 'Killdeer', 'barn owl', 'Zebra dove', 'Barn owl', 'Barn owl', 'Zebra dove', 'Rock pigeon'],
  minCount: 2,
  serve: ['barn owl', 'Barn owl', '', 'Rock pigeon', 'Sandhill crane', 'Mallard', 'Zebra dove', 'BARN OWL'],
};
const promptInput = {
  values: ['Mourning dove', 'Canada goose', 'Mourning dove', 'Killdeer', 'Canada goose', 'Mourning dove', 'Horned lark'],
  minCount: 2,
  serve: ['Canada goose', 'Horned lark', 'Sandhill crane', 'Mourning dove', ''],
};

export default defineTests<User>()([
  testCase({
    id: 'prompt-example-vocabulary',
    name: 'builds the prompt’s vocabulary and maps rare, unseen and missing species to index 0',
    visible: true,
    rules: ['vocabulary-from-train-counts', 'unknown-bucket'],
    input: promptInput,
    run: vocabularyRun,
    check: (actual, t) => checkVocabulary(actual, promptInput, t, 'the prompt’s example'),
  }),
  testCase({
    id: 'trains-the-embedding-jointly',
    name: 'learns the vocabulary from the 300 training strikes and trains the species embedding with the damage model',
    visible: true,
    rules: ['vocabulary-from-train-counts', 'model-recipe', 'training-recipe', 'embedding-table'],
    timeoutMs: 15_000,
    input: { train, test, options, layer: 'species_embedding' },
    run: trainRun,
    check: (actual, t) => checkTraining(actual, { vocabulary: expected.vocabulary, table: expected.table, loss: expected.jointLoss }, t, 'the 300 training strikes'),
  }),
  testCase({
    id: 'reads-the-embedding-table',
    name: 'reads the trained model’s embedding table: one row per index, row 0 for the unknown bucket',
    visible: true,
    rules: ['embedding-table'],
    input: { artifacts: referenceModel },
    run: tableRun,
    check: (actual, t) => t.closeTo(actual, expected.table, { what: 'embedding table of the trained model', tolerance: 1e-6 }),
  }),
  testCase({
    id: 'second-model-on-the-table',
    name: 'trains a logistic regression on [frozen embedding, phase] features that scores like the reference on the test strikes',
    visible: true,
    rules: ['second-model'],
    timeoutMs: 10_000,
    input: { table: expected.table, vocabulary: expected.vocabulary, train, test, options: { epochs: options.epochs, learningRate: options.learningRate } },
    run: secondRun,
    check: (actual, t) => {
      const got = actual as unknown as { width: number; predictions: number[] };
      t.equal(got.width, options.dim + PHASES.length, { what: 'second model input width: embedding dim + phase features' });
      t.closeTo(logLoss(got.predictions, test.damaged), expected.secondLoss, { what: 'test log-loss of the second model, measured by the grader', tolerance: LOSS_TOLERANCE });
    },
  }),
  testCase({
    id: 'serves-unseen-species',
    name: 'serves strikes of the test years, a species never reported, missing and rare species and a name in another case, alone and in batches',
    visible: true,
    rules: ['serving-unseen', 'unknown-bucket'],
    input: { artifacts: referenceModel, vocabulary: expected.vocabulary, strikes: serving },
    run: servingRun,
    check: (actual, t) => checkServing(actual, { vocabulary: expected.vocabulary, strikes: serving }, expected.serving.probabilities, t, 'the serving strikes'),
  }),
  testCase({
    id: 'ties-missing-and-case',
    name: 'orders equal counts by name in code-unit order, counts exactly minCount in, keeps \'\' out and matches names exactly',
    visible: false,
    rules: ['vocabulary-from-train-counts', 'unknown-bucket'],
    input: tieInput,
    run: vocabularyRun,
    check: (actual, t) => checkVocabulary(actual, tieInput, t, 'ties, missing values and case'),
  }),
  testCase({
    id: 'other-options',
    name: 'trains with another minCount, dim, seed and learning rate on 120 strikes',
    visible: false,
    rules: ['vocabulary-from-train-counts', 'model-recipe', 'training-recipe', 'embedding-table', 'no-leaks'],
    timeoutMs: 15_000,
    input: { train: smallTrain, test, options: otherOptions, layer: 'species_embedding' },
    run: trainRun,
    check: (actual, t) => checkTraining(actual, { vocabulary: expected.other.vocabulary, table: expected.other.table, loss: expected.other.loss }, t, 'other options'),
  }),
  testCase({
    id: 'reads-another-table',
    name: 'reads the embedding table of a model with another vocabulary and dim',
    visible: false,
    rules: ['embedding-table'],
    input: { artifacts: otherModel },
    run: tableRun,
    check: (actual, t) => t.closeTo(actual, expected.other.table, { what: 'embedding table of another model', tolerance: 1e-6 }),
  }),
  testCase({
    id: 'serves-without-growing-the-vocabulary',
    name: 'serves unseen species through index 0 without adding them to the vocabulary, and an empty batch as []',
    visible: false,
    rules: ['serving-unseen', 'no-leaks'],
    input: { artifacts: otherModel, vocabulary: expected.other.vocabulary, strikes: serving },
    run: servingRun,
    check: (actual, t) => checkServing(actual, { vocabulary: expected.other.vocabulary, strikes: serving }, expected.other.serving, t, 'another model'),
  }),
  testCase({
    id: 'second-model-hidden',
    name: 'trains the second model on another frozen table with other epochs and learning rate',
    visible: false,
    rules: ['second-model'],
    timeoutMs: 10_000,
    input: { table: expected.other.table, vocabulary: expected.other.vocabulary, train: smallTrain, test, options: { epochs: otherOptions.epochs, learningRate: otherOptions.learningRate } },
    run: secondRun,
    check: (actual, t) => {
      const got = actual as unknown as { width: number; predictions: number[] };
      t.equal(got.width, otherOptions.dim + PHASES.length, { what: 'second model input width' });
      t.closeTo(logLoss(got.predictions, test.damaged), expected.other.secondLoss, { what: 'test log-loss of the second model on another table', tolerance: LOSS_TOLERANCE });
    },
  }),
  generatedCases({
    id: 'vocabulary-on-generated-values',
    name: 'builds the reference’s vocabulary and indices on generated values (empty lists, \'\', names differing in case, counts at minCount)',
    rules: ['vocabulary-from-train-counts', 'unknown-bucket'],
    input: vocabularyInput,
    examples: [
      { values: [], minCount: 1, serve: ['Mallard', ''] },
      { values: ['', '', 'Mallard'], minCount: 1, serve: ['', 'Mallard'] },
    ],
    count: 24,
    run: vocabularyRun,
    what: 'vocabulary and indices',
  }),
  generatedCases({
    id: 'serving-on-generated-strikes',
    name: 'serves generated batches (0-8 strikes, known, unseen, missing and miscased species) like the reference',
    rules: ['serving-unseen', 'unknown-bucket'],
    input: servingInput,
    count: 16,
    run: servingRun,
    what: 'served probabilities',
  }),
]);
