import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import modelFile from '../data/penguin-model.json';
import requestsFile from '../data/requests.json';

interface ModelCard {
  features: string[];
  mean: number[];
  std: number[];
  labels: string[];
}
interface PenguinRequest {
  tag: string;
  [field: string]: unknown;
}
interface Prediction {
  tag: string;
  species: string | null;
  confidence: number | null;
}
interface User {
  predictSpecies(model: tfjs.LayersModel, card: ModelCard, requests: PenguinRequest[]): Prediction[];
}
interface DenseLayer {
  units: number;
  activation: 'relu' | 'softmax';
  kernel: number[][];
  bias: number[];
}
/** The card and the weights: the driver builds the model from them inside the sandbox. */
interface Deployment {
  card: ModelCard;
  layers: DenseLayer[];
}
interface Input {
  deployment: Deployment;
  requests: PenguinRequest[];
}

const layers = modelFile.layers as DenseLayer[];
const card: ModelCard = { features: modelFile.features, mean: modelFile.mean, std: modelFile.std, labels: modelFile.labels };
const v3: Deployment = { card, layers };
const requests = requestsFile as PenguinRequest[];

/** The model's answer in float64 on the host: features by name in the card's order, training statistics. */
function reference(deployment: Deployment, batch: PenguinRequest[]): Prediction[] {
  return batch.map((request) => {
    const row = deployment.card.features.map((name) => request[name]);
    if (!row.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) return { tag: request.tag, species: null, confidence: null };
    let out = row.map((v, j) => (v - deployment.card.mean[j]!) / deployment.card.std[j]!);
    for (const layer of deployment.layers) {
      const z = layer.bias.map((b, k) => b + out.reduce((sum, v, i) => sum + v * layer.kernel[i]![k]!, 0));
      if (layer.activation === 'relu') out = z.map((v) => Math.max(0, v));
      else {
        const exps = z.map((v) => Math.exp(v - Math.max(...z)));
        const total = exps.reduce((a, b) => a + b, 0);
        out = exps.map((v) => v / total);
      }
    }
    const best = out.indexOf(Math.max(...out));
    return { tag: request.tag, species: deployment.card.labels[best]!, confidence: out[best]! };
  });
}

/**
 * The same model retrained and exported by the v4 pipeline: its card lists the features and the
 * labels in another order, and the weights are permuted to match. Same birds, same answers.
 */
function permuted(deployment: Deployment, featureOrder: number[], labelOrder: number[]): Deployment {
  const [first, second] = deployment.layers as [DenseLayer, DenseLayer];
  return {
    card: {
      features: featureOrder.map((j) => deployment.card.features[j]!),
      mean: featureOrder.map((j) => deployment.card.mean[j]!),
      std: featureOrder.map((j) => deployment.card.std[j]!),
      labels: labelOrder.map((k) => deployment.card.labels[k]!),
    },
    layers: [
      { ...first, kernel: featureOrder.map((j) => first.kernel[j]!) },
      { ...second, kernel: second.kernel.map((row) => labelOrder.map((k) => row[k]!)), bias: labelOrder.map((k) => second.bias[k]!) },
    ],
  };
}
const v4 = permuted(v3, [3, 2, 0, 1], [2, 0, 1]);

/** Builds the served model inside the sandbox, owned by the harness, and calls the submission once. */
const serve = (user: User, input: Input, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.deployment.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.deployment.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  return user.predictSpecies(model, input.deployment.card, input.requests);
};

function field(actual: unknown, key: keyof Prediction): unknown[] {
  return Array.isArray(actual) ? actual.map((p: unknown) => (p !== null && typeof p === 'object' ? (p as Record<string, unknown>)[key] : undefined)) : [];
}

function checkPredictions(actual: Plain | unknown, expected: Prediction[], t: Checker, what: string): void {
  t.that(Array.isArray(actual) && actual.length === expected.length, `predictions for ${what} should be an array with one prediction per request, in request order`);
  t.equal(field(actual, 'tag'), expected.map((p) => p.tag), { what: `tags of the predictions for ${what} (one per request, in order)` });
  t.equal(field(actual, 'species'), expected.map((p) => p.species), { what: `species for ${what}` });
  t.closeTo(field(actual, 'confidence'), expected.map((p) => p.confidence), { what: `confidence for ${what}` });
}

const only = (species: string) => requests.filter((r) => reference(v3, [r])[0]!.species === species);
const lonePenguin = only('Chinstrap')[0]!;
/** One bird whose form was filled in three different orders. */
const reordered: PenguinRequest[] = [
  { ...lonePenguin },
  Object.fromEntries(Object.entries(lonePenguin).reverse()) as PenguinRequest,
  Object.fromEntries(Object.entries(lonePenguin).sort(([a], [b]) => b.localeCompare(a))) as PenguinRequest,
].map((r, i) => ({ ...r, tag: `PAL-20${i + 1}` }));

/** Birds the field team could not fully measure (the first is a real one from the data set). */
const withGaps: PenguinRequest[] = [
  requests[0]!,
  { tag: 'PAL-301', island: 'Torgersen', bill_length_mm: null, bill_depth_mm: null, flipper_length_mm: null, body_mass_g: null, sex: null },
  requests[1]!,
  { tag: 'PAL-302', island: 'Biscoe', bill_length_mm: 46.5, bill_depth_mm: Number.NaN, flipper_length_mm: 217, body_mass_g: 4800, sex: 'MALE' },
  { tag: 'PAL-303', island: 'Dream', bill_length_mm: 50.2, bill_depth_mm: 18.8, flipper_length_mm: 202, sex: 'MALE' },
  { tag: 'PAL-304', island: 'Dream', bill_length_mm: '49.0', bill_depth_mm: 19.5, flipper_length_mm: 210, body_mass_g: 3950, sex: 'MALE' },
  requests[2]!,
];

/**
 * Any deployment: 1 to 6 features with their own names and statistics, 2 to 5 labels, a hidden
 * layer of 1 to 8 units (or none), and requests whose fields come in any order, with fields the
 * card does not list and measurements missing in every way the prompt names. A zero output layer
 * ties every label (the first one wins).
 */
const FEATURE_NAMES = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'culmen_mm', 'wing_mm', 'age_days'];
const LABEL_NAMES = ['Adelie', 'Gentoo', 'Chinstrap', 'Emperor', 'Macaroni'];
const weight = fc.double({ min: -2, max: 2, noNaN: true });
const matrix = (rows: number, cols: number) => fc.array(fc.array(weight, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
const missing = fc.constantFrom<unknown>(null, Number.NaN, '49.0', undefined, true, 'absent');
const generatedDeployment = fc
  .record({
    features: fc.shuffledSubarray(FEATURE_NAMES, { minLength: 1, maxLength: 6 }),
    labels: fc.shuffledSubarray(LABEL_NAMES, { minLength: 2, maxLength: 5 }),
    hidden: fc.integer({ min: 0, max: 8 }),
    tied: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  })
  .chain(({ features, labels, hidden, tied }) => {
    const width = hidden > 0 ? hidden : features.length;
    return fc.record({
      card: fc.record({
        features: fc.constant(features),
        mean: fc.array(fc.double({ min: -100, max: 5000, noNaN: true }), { minLength: features.length, maxLength: features.length }),
        std: fc.array(fc.double({ min: 0.5, max: 900, noNaN: true }), { minLength: features.length, maxLength: features.length }),
        labels: fc.constant(labels),
      }),
      layers: fc.tuple(
        hidden > 0 ? fc.record({ units: fc.constant(hidden), activation: fc.constant('relu' as const), kernel: matrix(features.length, hidden), bias: fc.array(weight, { minLength: hidden, maxLength: hidden }) }) : fc.constant(null),
        fc.record({
          units: fc.constant(labels.length),
          activation: fc.constant('softmax' as const),
          kernel: tied ? fc.constant(Array.from({ length: width }, () => labels.map(() => 0))) : matrix(width, labels.length),
          bias: tied ? fc.constant(labels.map(() => 0.5)) : fc.array(weight, { minLength: labels.length, maxLength: labels.length }),
        }),
      ).map(([first, last]) => (first ? [first, last] : [last])),
    });
  });
const generatedInput = generatedDeployment.chain((deployment) =>
  fc.record({
    deployment: fc.constant(deployment as Deployment),
    requests: fc
      .array(
        fc.record({
          values: fc.array(fc.oneof({ weight: 6, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) }, { weight: 1, arbitrary: missing }), {
            minLength: deployment.card.features.length,
            maxLength: deployment.card.features.length,
          }),
          extra: fc.dictionary(fc.constantFrom('island', 'sex', 'note', 'year'), fc.oneof(fc.string({ maxLength: 6 }), fc.integer())),
          order: fc.integer({ min: 0, max: 1_000 }),
        }),
        { maxLength: 10 },
      )
      .map((rows) =>
        rows.map((row, i): PenguinRequest => {
          // A measurement is z training standard deviations from the training mean.
          const measured = (z: unknown, j: number) => (typeof z === 'number' ? deployment.card.mean[j]! + z * deployment.card.std[j]! : z);
          const fields: [string, unknown][] = deployment.card.features.flatMap((name, j): [string, unknown][] => (row.values[j] === 'absent' ? [] : [[name, measured(row.values[j], j)]]));
          const all = [['tag', `GEN-${i + 1}`] as [string, unknown], ...fields, ...Object.entries(row.extra)];
          // The form's field order: rotated by a generated amount.
          const shift = row.order % all.length;
          return Object.fromEntries([...all.slice(shift), ...all.slice(0, shift)]) as PenguinRequest;
        }),
      ),
  }),
);

export default defineTests<User>()([
  testCase({
    id: 'matches-the-model-on-a-real-request',
    name: 'gives the trained model’s species and confidence for 12 held-out penguins',
    visible: true,
    rules: ['features-by-name', 'training-statistics', 'labels-from-the-card'],
    input: { requests, deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, requests), t, 'the 12 requests in data/requests.json'),
  }),
  testCase({
    id: 'answers-a-lone-penguin-like-a-batch',
    name: 'gives a penguin sent on its own the same answer it gets in a batch',
    visible: true,
    rules: ['training-statistics'],
    input: { requests: [lonePenguin], deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, [lonePenguin]), t, 'a penguin sent on its own (batch of 1)'),
  }),
  testCase({
    id: 'reads-features-by-name',
    name: 'reads the measurements by name, whatever order the fields arrive in',
    visible: true,
    rules: ['features-by-name'],
    input: { requests: reordered, deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, reordered), t, 'one penguin sent with its fields in three orders'),
  }),
  testCase({
    id: 'names-chinstraps-correctly',
    name: 'names each output with the card’s label order (Chinstrap penguins come back as Chinstrap)',
    visible: true,
    rules: ['labels-from-the-card'],
    input: { requests: only('Chinstrap'), deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, only('Chinstrap')), t, 'four Chinstrap penguins'),
  }),
  testCase({
    id: 'returns-nothing-for-no-requests',
    name: 'returns an empty list for an empty batch',
    visible: false,
    rules: ['one-per-request'],
    input: { requests: [], deployment: v3 },
    run: serve,
    check: (actual, t) => t.equal(actual, [], { what: 'predictions for an empty batch' }),
  }),
  testCase({
    id: 'skips-birds-with-a-missing-measurement',
    name: 'answers null for a bird with a missing, NaN or non-numeric measurement and still predicts the rest',
    visible: false,
    rules: ['missing-measurements'],
    input: { requests: withGaps, deployment: v3 },
    run: serve,
    check: (actual, t) => {
      t.equal(field(actual, 'species').map((s) => s === null), reference(v3, withGaps).map((p) => p.species === null), {
        what: 'which birds get species null (a missing measurement: absent, null, NaN or not a number)',
      });
      t.equal(field(actual, 'confidence').map((s) => s === null), reference(v3, withGaps).map((p) => p.confidence === null), {
        what: 'which birds get confidence null (a missing measurement)',
      });
      checkPredictions(actual, reference(v3, withGaps), t, 'a batch with missing measurements');
    },
  }),
  testCase({
    id: 'follows-the-card-of-a-retrained-model',
    name: 'follows the feature order, statistics and labels of the card it is given (a retrained v4 model)',
    visible: false,
    rules: ['card-as-given', 'features-by-name', 'labels-from-the-card'],
    input: { requests, deployment: v4 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v4, requests), t, 'the v4 model card (other feature and label order)'),
  }),
  testCase({
    id: 'answers-a-batch-of-one-species',
    name: 'gives a batch of only Gentoo penguins the same answers as mixed traffic',
    visible: false,
    rules: ['training-statistics'],
    input: { requests: only('Gentoo'), deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, only('Gentoo')), t, 'a batch of Gentoo penguins only'),
  }),
  testCase({
    id: 'serves-many-requests-without-leaking',
    name: 'serves 50 requests in a row with the same answers and no tensors left behind',
    visible: false,
    rules: ['no-leaks', 'training-statistics'],
    input: { requests, deployment: v3 },
    run: (user: User, input: Input, h: HarnessHelpers) => {
      const tf = h.tf;
      const model = h.own(
        tf.sequential({
          layers: input.deployment.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
        }),
      );
      model.setWeights(input.deployment.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
      let last: Prediction[] = [];
      for (let n = 0; n < 50; n += 1) last = user.predictSpecies(model, input.deployment.card, input.requests.slice(n % 12, (n % 12) + 1));
      return { last, all: user.predictSpecies(model, input.deployment.card, input.requests) };
    },
    check: (actual, t) => {
      const outcome = actual as { last?: Plain; all?: Plain };
      checkPredictions(outcome.last, reference(v3, requests.slice(1, 2)), t, 'the 50th single-bird request');
      checkPredictions(outcome.all, reference(v3, requests), t, 'the 12 requests after 50 others');
    },
  }),
  generatedCases({
    id: 'serves-any-deployment-like-the-reference',
    name: 'answers like the reference for generated model cards (feature and label counts, orders, statistics, ties) and requests with missing measurements',
    rules: ['features-by-name', 'training-statistics', 'labels-from-the-card', 'card-as-given', 'missing-measurements', 'one-per-request'],
    input: generatedInput,
    count: 24,
    perCase: 4,
    run: serve,
    what: 'predictions',
  }),
]);
