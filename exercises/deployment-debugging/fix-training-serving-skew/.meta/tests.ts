import { defineTests, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
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

export default defineTests<User>()([
  testCase({
    id: 'matches-the-model-on-a-real-request',
    name: 'gives the trained model’s species and confidence for 12 held-out penguins',
    visible: true,
    input: { requests, deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, requests), t, 'the 12 requests in data/requests.json'),
  }),
  testCase({
    id: 'answers-a-lone-penguin-like-a-batch',
    name: 'gives a penguin sent on its own the same answer it gets in a batch',
    visible: true,
    input: { requests: [lonePenguin], deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, [lonePenguin]), t, 'a penguin sent on its own (batch of 1)'),
  }),
  testCase({
    id: 'reads-features-by-name',
    name: 'reads the measurements by name, whatever order the fields arrive in',
    visible: true,
    input: { requests: reordered, deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, reordered), t, 'one penguin sent with its fields in three orders'),
  }),
  testCase({
    id: 'names-chinstraps-correctly',
    name: 'names each output with the card’s label order (Chinstrap penguins come back as Chinstrap)',
    visible: true,
    input: { requests: only('Chinstrap'), deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, only('Chinstrap')), t, 'four Chinstrap penguins'),
  }),
  testCase({
    id: 'returns-nothing-for-no-requests',
    name: 'returns an empty list for an empty batch',
    visible: false,
    input: { requests: [], deployment: v3 },
    run: serve,
    check: (actual, t) => t.equal(actual, [], { what: 'predictions for an empty batch' }),
  }),
  testCase({
    id: 'skips-birds-with-a-missing-measurement',
    name: 'answers null for a bird with a missing, NaN or non-numeric measurement and still predicts the rest',
    visible: false,
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
    input: { requests, deployment: v4 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v4, requests), t, 'the v4 model card (other feature and label order)'),
  }),
  testCase({
    id: 'answers-a-batch-of-one-species',
    name: 'gives a batch of only Gentoo penguins the same answers as mixed traffic',
    visible: false,
    input: { requests: only('Gentoo'), deployment: v3 },
    run: serve,
    check: (actual, t) => checkPredictions(actual, reference(v3, only('Gentoo')), t, 'a batch of Gentoo penguins only'),
  }),
  testCase({
    id: 'serves-many-requests-without-leaking',
    name: 'serves 50 requests in a row with the same answers and no tensors left behind',
    visible: false,
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
]);
