import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import modelsFile from '../data/models.json';
import replayCsv from '../data/replay.csv';
import outcomesCsv from '../data/outcomes.csv';

type Payment = Record<string, number | string>;
type LabelledPayment = Payment & { fraud: number };
interface ModelCard { model: string; features: string[]; mean: number[]; std: number[]; threshold: number }
interface Deployed { model: tfjs.LayersModel; card: ModelCard }
interface ShadowGate { batchSize: number; minRequests: number; maxDisagreementRate: number; maxMeanAbsScoreDiff: number }
interface CanaryPlan { salt: string; fraction: number; minOutcomes: number; maxMissedFraudIncrease: number; maxFalseBlockIncrease: number; promoteAfterWindows: number }
interface RolloutPlan { shadow: ShadowGate; canary: CanaryPlan }
interface User {
  shadowCompare(current: Deployed, candidate: Deployed, requests: Payment[], gate: ShadowGate): unknown;
  assignArm(userId: string, fraction: number, salt: string): string;
  runCanary(current: Deployed, candidate: Deployed, windows: LabelledPayment[][], plan: CanaryPlan): unknown;
  rollOut(current: Deployed, candidate: Deployed, replay: Payment[], windows: LabelledPayment[][], plan: RolloutPlan): unknown;
}
interface Shipped { card: ModelCard; artifacts: ModelArtifactsData }
interface WindowDecision {
  window: number;
  canary: { outcomes: number; missedFraud: number; falseBlocks: number; missedFraudRate: number; falseBlockRate: number };
  control: { outcomes: number; missedFraud: number; falseBlocks: number; missedFraudRate: number; falseBlockRate: number };
  decision: string;
  reason: string;
}

// ---- Data, models and a host-side reference (float64) ----

interface StoredModel { card: ModelCard; record: { modelTopology: Plain; weightSpecs: ModelArtifactsData['weightSpecs']; weightValues: number[] } }
const stored = modelsFile as unknown as Record<'current' | 'candidate' | 'firstBuild', StoredModel>;
const shippedOf = (m: StoredModel, card: ModelCard = m.card): Shipped => ({ card, artifacts: { modelTopology: m.record.modelTopology, weightSpecs: m.record.weightSpecs, weightData: m.record.weightValues } });
const V7 = shippedOf(stored.current);
const V8 = shippedOf(stored.candidate);
const RC1 = shippedOf(stored.firstBuild);
/** v8 packaged without its scaler: the service feeds it raw values. */
const V8_RAW = shippedOf(stored.candidate, { ...stored.candidate.card, mean: stored.candidate.card.mean.map(() => 0), std: stored.candidate.card.std.map(() => 1) });
/** v8 packaged with its feature names sorted, its statistics left in training order. */
const V8_SORTED = shippedOf(stored.candidate, { ...stored.candidate.card, features: [...stored.candidate.card.features].sort() });
/** v7 whose output layer was left untrained (all zeros): every score is exactly sigmoid(0) = 0.5, at its threshold. */
const V7_UNTRAINED: Shipped = (() => {
  const { artifacts } = V7;
  const sizes = artifacts.weightSpecs.map((spec) => spec.shape.reduce((a, b) => a * b, 1));
  const outputStart = sizes[0]! + sizes[1]!;
  return { card: { ...V7.card, model: 'fraud-v7-untrained', threshold: 0.5 }, artifacts: { ...artifacts, weightData: artifacts.weightData.map((v, i) => (i >= outputStart ? 0 : v)) } };
})();
/** v7 with its threshold lowered to block more: a candidate that trades false blocks for recall. */
const V7_EAGER = shippedOf(stored.current, { ...stored.current.card, model: 'fraud-v7-eager', threshold: 0.15 });

const replay: Payment[] = parseCsv(replayCsv) as Payment[];
const outcomeRows = parseCsv(outcomesCsv) as (LabelledPayment & { day: number })[];
/** An outcome row without its day column: the payment as the service saw it, with its label. */
const toPayment = (row: LabelledPayment & { day?: number }): LabelledPayment => Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'day')) as LabelledPayment;
const days: LabelledPayment[][] = [1, 2, 3, 4, 5, 6].map((d) => outcomeRows.filter((r) => r.day === d).map(toPayment));
const PLAN: RolloutPlan = {
  shadow: { batchSize: 256, minRequests: 1000, maxDisagreementRate: 0.08, maxMeanAbsScoreDiff: 0.08 },
  canary: { salt: 'fraud-v8-canary', fraction: 0.25, minOutcomes: 800, maxMissedFraudIncrease: 0.012, maxFalseBlockIncrease: 0.01, promoteAfterWindows: 6 },
};

function scoreOf(shipped: Shipped, p: Payment): number {
  const { weightSpecs, weightData } = shipped.artifacts;
  const parts: number[][] = [];
  let at = 0;
  for (const spec of weightSpecs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    parts.push(weightData.slice(at, at + size));
    at += size;
  }
  const [kernel, bias, outKernel, outBias] = parts as [number[], number[], number[], number[]];
  const { card } = shipped;
  const x = card.features.map((f, k) => (Number(p[f]) - card.mean[k]!) / card.std[k]!);
  let z = outBias[0]!;
  for (let j = 0; j < bias.length; j += 1) {
    let h = bias[j]!;
    for (let k = 0; k < x.length; k += 1) h += x[k]! * kernel[k * bias.length + j]!;
    z += Math.max(0, h) * outKernel[j]!;
  }
  return 1 / (1 + Math.exp(-z));
}
const blocked = (s: Shipped, p: Payment) => scoreOf(s, p) >= s.card.threshold;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
const armOf = (id: string, fraction: number, salt: string) => (fnv1a(`${salt}:${id}`) % 10000 < Math.round(fraction * 10000) ? 'canary' : 'control');

function shadowOf(current: Shipped, candidate: Shipped, requests: Payment[], gate: ShadowGate) {
  const n = requests.length;
  const disagreements = requests.filter((p) => blocked(current, p) !== blocked(candidate, p)).length;
  const meanAbsScoreDiff = n === 0 ? NaN : requests.reduce((s, p) => s + Math.abs(scoreOf(candidate, p) - scoreOf(current, p)), 0) / n;
  const disagreementRate = n === 0 ? NaN : disagreements / n;
  const failed = [
    ...(n < gate.minRequests ? ['too-few-requests'] : []),
    ...(disagreementRate > gate.maxDisagreementRate ? ['disagreement-rate'] : []),
    ...(meanAbsScoreDiff > gate.maxMeanAbsScoreDiff ? ['score-diff'] : []),
  ];
  return { requests: n, disagreements, disagreementRate, meanAbsScoreDiff, passed: failed.length === 0, failed };
}

function canaryOf(current: Shipped, candidate: Shipped, windows: LabelledPayment[][], plan: CanaryPlan): WindowDecision[] {
  const counts = { canary: [0, 0, 0], control: [0, 0, 0] };
  const out: WindowDecision[] = [];
  for (const [i, w] of windows.entries()) {
    for (const p of w) {
      const arm = armOf(String(p.user_id), plan.fraction, plan.salt);
      const b = blocked(arm === 'canary' ? candidate : current, p);
      const c = counts[arm];
      c[0]! += 1;
      if (p.fraud === 1 && !b) c[1]! += 1;
      if (p.fraud !== 1 && b) c[2]! += 1;
    }
    const tally = (c: number[]) => ({ outcomes: c[0]!, missedFraud: c[1]!, falseBlocks: c[2]!, missedFraudRate: c[0] === 0 ? NaN : c[1]! / c[0]!, falseBlockRate: c[0] === 0 ? NaN : c[2]! / c[0]! });
    const canary = tally(counts.canary);
    const control = tally(counts.control);
    const [decision, reason] =
      canary.outcomes < plan.minOutcomes || control.outcomes < plan.minOutcomes ? ['continue', 'too-few-outcomes']
      : canary.missedFraudRate - control.missedFraudRate > plan.maxMissedFraudIncrease ? ['roll-back', 'missed-fraud']
      : canary.falseBlockRate - control.falseBlockRate > plan.maxFalseBlockIncrease ? ['roll-back', 'false-blocks']
      : i + 1 >= plan.promoteAfterWindows ? ['promote', 'guardrails-held']
      : ['continue', 'guardrails-held'];
    out.push({ window: i + 1, canary, control, decision: decision!, reason: reason! });
    if (decision !== 'continue') break;
  }
  return out;
}

// ---- Drivers (run in the sandbox; self-contained) ----

interface PairInput { current: Shipped; candidate: Shipped }

/** Shadow with harness-built models; counts each model's forward passes and checks both still serve. */
const shadowDriver = async (user: User, input: PairInput & { requests: Payment[]; gate: ShadowGate }, h: HarnessHelpers) => {
  const current = await h.loadModel(input.current.artifacts);
  const candidate = await h.loadModel(input.candidate.artifacts);
  const currentCalls = h.countPredictCalls(current);
  const candidateCalls = h.countPredictCalls(candidate);
  const report = user.shadowCompare({ model: current, card: input.current.card }, { model: candidate, card: input.candidate.card }, input.requests, input.gate);
  let serving = true;
  try {
    await h.model(current);
    await h.model(candidate);
  } catch {
    serving = false;
  }
  return { report, currentBatches: currentCalls.batchSizes, candidateBatches: candidateCalls.batchSizes, serving };
};

const canaryDriver = async (user: User, input: PairInput & { windows: LabelledPayment[][]; plan: CanaryPlan }, h: HarnessHelpers) => {
  const current = await h.loadModel(input.current.artifacts);
  const candidate = await h.loadModel(input.candidate.artifacts);
  const currentCalls = h.countPredictCalls(current);
  const candidateCalls = h.countPredictCalls(candidate);
  const decisions = user.runCanary({ model: current, card: input.current.card }, { model: candidate, card: input.candidate.card }, input.windows, input.plan);
  return { decisions, currentBatches: currentCalls.batchSizes, candidateBatches: candidateCalls.batchSizes };
};

const rollOutDriver = async (user: User, input: PairInput & { replay: Payment[]; windows: LabelledPayment[][]; plan: RolloutPlan }, h: HarnessHelpers) => {
  const current = await h.loadModel(input.current.artifacts);
  const candidate = await h.loadModel(input.candidate.artifacts);
  const currentCalls = h.countPredictCalls(current);
  const candidateCalls = h.countPredictCalls(candidate);
  const result = user.rollOut({ model: current, card: input.current.card }, { model: candidate, card: input.candidate.card }, input.replay, input.windows, input.plan);
  let serving = true;
  try {
    await h.model(current);
    await h.model(candidate);
  } catch {
    serving = false;
  }
  return { result, currentBatches: currentCalls.batchSizes, candidateBatches: candidateCalls.batchSizes, serving };
};

const assignDriver = (user: User, input: { ids: string[]; fractions: number[]; salt: string }) =>
  input.fractions.map((fraction) => input.ids.map((id) => user.assignArm(id, fraction, input.salt)));

/** Asks twice for every id, in two orders, and reports whether any user changed arm. */
const stickyDriver = (user: User, input: { ids: string[]; fractions: number[]; salt: string }) => {
  const share: number[] = [];
  let changed = 0;
  let leftCanary = 0;
  let previous: string[] | undefined;
  for (const fraction of input.fractions) {
    const first = input.ids.map((id) => user.assignArm(id, fraction, input.salt));
    const again = [...input.ids].reverse().map((id) => user.assignArm(id, fraction, input.salt)).reverse();
    changed += first.filter((arm, i) => arm !== again[i]).length;
    if (previous) leftCanary += previous.filter((arm, i) => arm === 'canary' && first[i] !== 'canary').length;
    share.push(first.filter((arm) => arm === 'canary').length / input.ids.length);
    previous = first;
  }
  return { share, changed, leftCanary };
};

// ---- Checks (run on the host) ----

const batchesOf = (n: number, size: number) => Array.from({ length: Math.ceil(n / size) }, (_, i) => Math.min(size, n - i * size));

function checkShadow(actual: Plain, expected: ReturnType<typeof shadowOf>, t: Checker, label: string): void {
  const got = (actual ?? {}) as unknown as ReturnType<typeof shadowOf>;
  t.that(actual !== null && typeof actual === 'object', `${label}: shadowCompare returns a report`);
  t.equal(got.requests, expected.requests, { what: `${label}: requests compared` });
  t.equal(got.disagreements, expected.disagreements, { what: `${label}: disagreements (each model decides with its own card and threshold)` });
  t.closeTo(got.disagreementRate, expected.disagreementRate, { what: `${label}: disagreementRate` });
  t.closeTo(got.meanAbsScoreDiff, expected.meanAbsScoreDiff, { what: `${label}: meanAbsScoreDiff`, tolerance: 1e-5 });
  t.equal(got.failed, expected.failed, { what: `${label}: the failed gate checks, in order` });
  t.equal(got.passed, expected.passed, { what: `${label}: passed` });
}

function checkDecisions(actual: unknown, expected: WindowDecision[], t: Checker, label: string): void {
  t.that(Array.isArray(actual), `${label}: one decision per window served`);
  const got = actual as WindowDecision[];
  t.equal(got.map((d) => `${d?.decision}/${d?.reason}`), expected.map((d) => `${d.decision}/${d.reason}`), {
    what: `${label}: the decision and reason of each window`,
  });
  t.closeTo(got, expected, { what: `${label}: the windows' numbers and running tallies`, tolerance: 1e-9, exactKeys: true });
}

interface RolloutRun { result: { shadow: Plain; canary: unknown; outcome: string }; candidateBatches: number[]; currentBatches: number[]; serving: boolean }
/** The rollout driver's output, with an empty result when rollOut returned nothing usable. */
const rolloutOf = (actual: Plain): RolloutRun => {
  const run = actual as unknown as RolloutRun;
  return { ...run, result: run.result ?? { shadow: null, canary: undefined, outcome: '' } };
};
const shadowInput = (current: Shipped, candidate: Shipped, requests: Payment[], gate: ShadowGate) => ({ current, candidate, requests, gate });
const candidateBatchesOfCanary = (decisions: WindowDecision[], windows: LabelledPayment[][], plan: CanaryPlan) =>
  decisions.flatMap((d) => {
    const n = windows[d.window - 1]!.filter((p) => armOf(String(p.user_id), plan.fraction, plan.salt) === 'canary').length;
    return n > 0 ? [n] : [];
  });

// ---- Generators ----

const near = (s: Shipped, p: Payment, thresholds: number[]) => thresholds.some((t) => Math.abs(scoreOf(s, p) - t) < 1e-4);
const MODELS = [V7, V8, RC1];
const THRESHOLDS = [0.25, 0.4, 0.55];
const withThreshold = (s: Shipped, threshold: number): Shipped => ({ ...s, card: { ...s.card, threshold } });
const pair = fc.record({ current: fc.constantFrom(...MODELS), candidate: fc.constantFrom(...MODELS), t1: fc.constantFrom(...THRESHOLDS), t2: fc.constantFrom(...THRESHOLDS) })
  .map(({ current, candidate, t1, t2 }) => ({ current: withThreshold(current, t1), candidate: withThreshold(candidate, t2) }));
/** Rows of `pool` whose scores sit clear of both thresholds (so float32 rounding never decides). */
const clearRows = <T extends Payment>(pool: T[], indices: number[], p: PairInput) =>
  indices.map((i) => pool[i % pool.length]!).filter((r) => !near(p.current, r, [p.current.card.threshold]) && !near(p.candidate, r, [p.candidate.card.threshold]));

const shadowArbitrary = fc
  .record({
    p: pair,
    indices: fc.array(fc.nat({ max: replay.length - 1 }), { minLength: 0, maxLength: 400 }),
    batchSize: fc.constantFrom(1, 3, 64, 100, 256, 1000),
    minDelta: fc.constantFrom(-1, 0, 1),
    maxDisagreementRate: fc.constantFrom(0, 0.02, 0.05, 0.08, 0.2, 1),
    maxMeanAbsScoreDiff: fc.constantFrom(0, 0.02, 0.05, 0.08, 0.2, 1),
  })
  .map(({ p, indices, batchSize, minDelta, maxDisagreementRate, maxMeanAbsScoreDiff }) => {
    const requests = clearRows(replay, indices, p);
    return shadowInput(p.current, p.candidate, requests, { batchSize, minRequests: Math.max(1, requests.length + minDelta), maxDisagreementRate, maxMeanAbsScoreDiff });
  });

const userId = fc.stringMatching(/^[a-z0-9_-]{0,14}$/);
const FRACTIONS = [0, 0.01, 0.05, 0.1, 0.125, 0.25, 0.3333, 0.5, 0.9999, 1];
const assignArbitrary = fc.record({
  ids: fc.array(userId, { minLength: 1, maxLength: 40 }),
  fractions: fc.subarray(FRACTIONS, { minLength: 1, maxLength: 4 }),
  salt: fc.constantFrom('', 'fraud-v8-canary', 'fraud-v9', 'x'),
});

const canaryPlan = fc.record({
  salt: fc.constantFrom('fraud-v8-canary', 'exp-2', ''),
  fraction: fc.constantFrom(0, 0.1, 0.25, 0.5, 1),
  minOutcomes: fc.constantFrom(0, 1, 20, 60, 150),
  maxMissedFraudIncrease: fc.constantFrom(-0.05, 0, 0.01, 0.03, 1),
  maxFalseBlockIncrease: fc.constantFrom(-0.05, 0, 0.01, 0.03, 1),
  promoteAfterWindows: fc.integer({ min: 1, max: 5 }),
});
const windowsArbitrary = fc.array(fc.array(fc.nat({ max: outcomeRows.length - 1 }), { minLength: 0, maxLength: 120 }), { minLength: 0, maxLength: 5 });
const canaryArbitrary = fc.record({ p: pair, windows: windowsArbitrary, plan: canaryPlan }).map(({ p, windows, plan }) => ({
  current: p.current,
  candidate: p.candidate,
  windows: windows.map((w) => clearRows(outcomeRows, w, p).map(toPayment)),
  plan,
}));
const rollOutArbitrary = fc
  .record({ shadow: shadowArbitrary, windows: windowsArbitrary, plan: canaryPlan })
  .map(({ shadow, windows, plan }) => ({
    current: shadow.current,
    candidate: shadow.candidate,
    replay: shadow.requests,
    windows: windows.map((w) => clearRows(outcomeRows, w, shadow).map(toPayment)),
    plan: { shadow: shadow.gate, canary: plan },
  }));

const smallDays = days.map((d) => d.slice(0, 90));
/** Four ordinary users and four whose buckets sit at and just below the 25% and 50% bounds. */
const ASSIGN_IDS = ['u000042', 'u013370', 'h000001', 'u002468', 'u011510', 'u019560', 'u007632', 'u000294'];
/** Good payments that neither v7 nor v8 blocks: both arms miss nothing and block nothing. */
const quietDays = smallDays.slice(0, 3).map((d) => d.filter((p) => p.fraud === 0 && !blocked(V7, p) && !blocked(V8, p)));

// ---- The cases ----

export default defineTests<User>()([
  testCase({
    id: 'shadow-v8-against-v7',
    name: 'compares v8 with v7 on the replay, each with its own card, and lets it through the gate',
    visible: true,
    rules: ['own-card', 'shadow-metrics', 'shadow-gate', 'shadow-batches', 'no-leaks'],
    input: shadowInput(V7, V8, replay, PLAN.shadow),
    run: shadowDriver,
    check: (actual, t) => {
      const got = actual as { report: Plain; currentBatches: number[]; candidateBatches: number[]; serving: boolean };
      checkShadow(got.report, shadowOf(V7, V8, replay, PLAN.shadow), t, 'v8 against v7');
      t.equal(got.candidateBatches, batchesOf(replay.length, 256), { what: 'the candidate\'s forward passes: one per batch of at most 256 requests' });
      t.equal(got.currentBatches, batchesOf(replay.length, 256), { what: 'the current model\'s forward passes: one per batch of at most 256 requests' });
      t.that(got.serving, 'both models still serve after the shadow run (never disposed)');
    },
  }),
  testCase({
    id: 'shadow-catches-the-missing-scaler',
    name: 'refuses a candidate packaged without its scaler (raw values in): disagreements flood the gate',
    visible: true,
    rules: ['shadow-gate', 'own-card'],
    input: shadowInput(V7, V8_RAW, replay, PLAN.shadow),
    run: shadowDriver,
    check: (actual, t) => checkShadow((actual as { report: Plain }).report, shadowOf(V7, V8_RAW, replay, PLAN.shadow), t, 'v8 served raw values'),
  }),
  testCase({
    id: 'shadow-batches-of-a-short-replay',
    name: 'scores 600 requests in batches of 256, 256 and 88, one forward pass per model per batch',
    visible: true,
    rules: ['shadow-batches'],
    input: shadowInput(V7, V8, replay.slice(0, 600), PLAN.shadow),
    run: shadowDriver,
    check: (actual, t) => {
      const got = actual as { report: Plain; currentBatches: number[]; candidateBatches: number[] };
      t.equal(got.currentBatches, [256, 256, 88], { what: 'the current model\'s forward passes (batch sizes)' });
      t.equal(got.candidateBatches, [256, 256, 88], { what: 'the candidate\'s forward passes (batch sizes)' });
      checkShadow(got.report, shadowOf(V7, V8, replay.slice(0, 600), PLAN.shadow), t, '600 requests');
    },
  }),
  testCase({
    id: 'assigns-the-stated-hash',
    name: 'puts users in the canary exactly by the stated FNV-1a bucket',
    visible: true,
    rules: ['sticky-assignment'],
    input: { ids: ASSIGN_IDS, fractions: [0.25, 0.5], salt: 'fraud-v8-canary' },
    run: assignDriver,
    check: (actual, t) => {
      t.equal(actual, [0.25, 0.5].map((f) => ASSIGN_IDS.map((id) => armOf(id, f, 'fraud-v8-canary'))), {
        what: 'the arms of eight users at 25% and at 50% (u011510 is in bucket 2500, u019560 in 2499, u007632 in 5000, u000294 in 4999)',
      });
    },
  }),
  testCase({
    id: 'v8-goes-through-to-promotion',
    name: 'rolls v8 out: shadow passes, six days of canary hold the guardrails, promoted on day 6',
    visible: true,
    rules: ['running-tallies', 'guardrail-order', 'serve-by-arm', 'gate-before-canary'],
    input: { current: V7, candidate: V8, replay, windows: days, plan: PLAN },
    run: rollOutDriver,
    timeoutMs: 6000,
    check: (actual, t) => {
      const got = rolloutOf(actual);
      const decisions = canaryOf(V7, V8, days, PLAN.canary);
      checkShadow(got.result.shadow, shadowOf(V7, V8, replay, PLAN.shadow), t, 'shadow');
      checkDecisions(got.result.canary, decisions, t, 'canary');
      t.equal(got.result.outcome, 'promoted', { what: 'outcome' });
      t.equal(got.candidateBatches, [...batchesOf(replay.length, 256), ...candidateBatchesOfCanary(decisions, days, PLAN.canary)], { what: 'the candidate\'s forward passes: shadow batches, then one per day for its arm' });
    },
  }),
  testCase({
    id: 'shadow-catches-sorted-features',
    name: 'refuses a candidate whose card lists its features sorted by name',
    visible: false,
    rules: ['own-card', 'shadow-gate'],
    input: shadowInput(V7, V8_SORTED, replay.slice(500), PLAN.shadow),
    run: shadowDriver,
    check: (actual, t) => checkShadow((actual as { report: Plain }).report, shadowOf(V7, V8_SORTED, replay.slice(500), PLAN.shadow), t, 'a mis-packaged candidate'),
  }),
  testCase({
    id: 'rc1-passes-shadow-and-is-rolled-back',
    name: 'lets rc1 through shadow, then rolls it back on missed fraud as soon as both arms have enough outcomes, serving it no later day',
    visible: false,
    rules: ['guardrail-order', 'stop-at-decision', 'serve-by-arm', 'running-tallies', 'gate-before-canary'],
    input: { current: V7, candidate: RC1, replay, windows: days.slice(0, 3), plan: PLAN },
    run: rollOutDriver,
    timeoutMs: 6000,
    check: (actual, t) => {
      const got = rolloutOf(actual);
      const decisions = canaryOf(V7, RC1, days.slice(0, 3), PLAN.canary);
      checkShadow(got.result.shadow, shadowOf(V7, RC1, replay, PLAN.shadow), t, 'shadow');
      checkDecisions(got.result.canary, decisions, t, 'canary');
      t.equal(got.result.outcome, 'rolled-back', { what: 'outcome' });
      t.equal(got.candidateBatches, [...batchesOf(replay.length, 256), ...candidateBatchesOfCanary(decisions, days, PLAN.canary)], { what: 'the candidate\'s forward passes (none after the roll-back)' });
      t.equal(decisions.map((d) => d.decision), ['continue', 'roll-back'], { what: 'the reference rolls rc1 back on day 2' });
      t.that(got.serving, 'both models still serve after the rollout (never disposed)');
    },
  }),
  testCase({
    id: 'no-canary-after-a-failed-shadow',
    name: 'stops a candidate that fails shadow before it serves a single user',
    visible: false,
    rules: ['gate-before-canary', 'shadow-gate'],
    input: { current: V7, candidate: V8_RAW, replay: replay.slice(0, 1000), windows: smallDays, plan: PLAN },
    run: rollOutDriver,
    check: (actual, t) => {
      const got = rolloutOf(actual);
      checkShadow(got.result.shadow, shadowOf(V7, V8_RAW, replay.slice(0, 1000), PLAN.shadow), t, 'shadow');
      t.equal(got.result.canary, [], { what: 'canary decisions after a failed shadow' });
      t.equal(got.result.outcome, 'rejected-in-shadow', { what: 'outcome' });
      t.equal(got.candidateBatches, batchesOf(1000, 256), { what: 'the candidate\'s forward passes: the shadow batches only' });
    },
  }),
  testCase({
    id: 'false-blocks-guardrail',
    name: 'rolls back a candidate that blocks many more good payments, once both arms have enough outcomes',
    visible: false,
    rules: ['guardrail-order', 'stop-at-decision', 'running-tallies'],
    input: { current: V7, candidate: V7_EAGER, windows: days.slice(0, 2), plan: { ...PLAN.canary, minOutcomes: 300 } },
    run: canaryDriver,
    check: (actual, t) => {
      const got = actual as { decisions: unknown };
      const decisions = canaryOf(V7, V7_EAGER, days.slice(0, 2), { ...PLAN.canary, minOutcomes: 300 });
      t.equal(decisions.at(-1)?.reason, 'false-blocks', { what: 'the reference rolls the eager candidate back on false blocks' });
      checkDecisions(got.decisions, decisions, t, 'canary');
    },
  }),
  testCase({
    id: 'fraction-kept-and-sticky',
    name: 'keeps each user in one arm, sends about the stated share of 10,000 users, and only adds users as the fraction grows',
    visible: false,
    rules: ['sticky-assignment'],
    input: { ids: Array.from({ length: 10000 }, (_, i) => `u${String(i).padStart(6, '0')}`), fractions: [0.05, 0.25], salt: 'fraud-v8-canary' },
    run: stickyDriver,
    check: (actual, t) => {
      const got = actual as { share: number[]; changed: number; leftCanary: number };
      t.equal(got.changed, 0, { what: 'users whose arm changed between two requests' });
      t.equal(got.leftCanary, 0, { what: 'users who left the canary when the fraction grew' });
      [0.05, 0.25].forEach((f, i) => t.closeTo(got.share[i], f, { what: 'the canary share of 10,000 users', visibleWhat: `the canary share at fraction ${f}`, tolerance: 0.01 }));
    },
  }),
  testCase({
    id: 'empty-replay-and-no-windows',
    name: 'reports NaN rates and too-few-requests for an empty replay without a forward pass, and no decisions without windows',
    visible: false,
    rules: ['shadow-metrics', 'shadow-batches', 'shadow-gate', 'stop-at-decision'],
    input: { current: V7, candidate: V8, replay: [], windows: [], plan: { ...PLAN, shadow: { ...PLAN.shadow, minRequests: 1 } } },
    run: rollOutDriver,
    check: (actual, t) => {
      const got = rolloutOf(actual);
      checkShadow(got.result.shadow, shadowOf(V7, V8, [], { ...PLAN.shadow, minRequests: 1 }), t, 'an empty replay');
      t.equal(got.result.outcome, 'rejected-in-shadow', { what: 'outcome of an empty replay' });
      t.equal([...got.currentBatches, ...got.candidateBatches], [], { what: 'forward passes for no requests' });
    },
  }),
  testCase({
    id: 'empty-canary-arm',
    name: 'runs no forward pass for an arm without payments and reports its rates as NaN',
    visible: false,
    rules: ['serve-by-arm', 'running-tallies', 'guardrail-order'],
    input: { current: V7, candidate: V8, windows: smallDays.slice(0, 2), plan: { ...PLAN.canary, fraction: 0 } },
    run: canaryDriver,
    check: (actual, t) => {
      const got = actual as { decisions: unknown; candidateBatches: number[]; currentBatches: number[] };
      checkDecisions(got.decisions, canaryOf(V7, V8, smallDays.slice(0, 2), { ...PLAN.canary, fraction: 0 }), t, 'a canary at 0%');
      t.equal(got.candidateBatches, [], { what: 'the candidate\'s forward passes at 0%' });
      t.equal(got.currentBatches, [90, 90], { what: 'the current model\'s forward passes: one per day' });
    },
  }),
  testCase({
    id: 'a-score-at-the-threshold-blocks',
    name: 'blocks a payment whose score equals the threshold, in shadow and in the canary',
    visible: false,
    rules: ['own-card', 'shadow-metrics', 'running-tallies'],
    input: { current: V7_UNTRAINED, candidate: V7, replay: replay.slice(0, 300), windows: smallDays.slice(0, 2), plan: { shadow: { ...PLAN.shadow, minRequests: 1, maxDisagreementRate: 1, maxMeanAbsScoreDiff: 1 }, canary: { ...PLAN.canary, minOutcomes: 1 } } },
    run: rollOutDriver,
    check: (actual, t) => {
      const got = rolloutOf(actual);
      const plan = { shadow: { ...PLAN.shadow, minRequests: 1, maxDisagreementRate: 1, maxMeanAbsScoreDiff: 1 }, canary: { ...PLAN.canary, minOutcomes: 1 } };
      checkShadow(got.result.shadow, shadowOf(V7_UNTRAINED, V7, replay.slice(0, 300), plan.shadow), t, 'a model scoring exactly its threshold');
      checkDecisions(got.result.canary, canaryOf(V7_UNTRAINED, V7, smallDays.slice(0, 2), plan.canary), t, 'a control model scoring exactly its threshold');
    },
  }),
  testCase({
    id: 'a-candidate-at-its-threshold-blocks',
    name: 'counts a candidate scoring exactly its threshold as blocking every request',
    visible: false,
    rules: ['own-card', 'shadow-metrics'],
    input: shadowInput(V7, V7_UNTRAINED, replay.slice(300, 600), PLAN.shadow),
    run: shadowDriver,
    check: (actual, t) => checkShadow((actual as { report: Plain }).report, shadowOf(V7, V7_UNTRAINED, replay.slice(300, 600), PLAN.shadow), t, 'a candidate scoring exactly its threshold'),
  }),
  testCase({
    id: 'control-arm-too-small',
    name: 'keeps waiting while the control arm has too few outcomes, however many the canary has',
    visible: false,
    rules: ['guardrail-order', 'running-tallies'],
    input: { current: V7, candidate: RC1, windows: smallDays.slice(0, 3), plan: { ...PLAN.canary, fraction: 0.9, minOutcomes: 100, promoteAfterWindows: 1 } },
    run: canaryDriver,
    check: (actual, t) => {
      const plan = { ...PLAN.canary, fraction: 0.9, minOutcomes: 100, promoteAfterWindows: 1 };
      checkDecisions((actual as { decisions: unknown }).decisions, canaryOf(V7, RC1, smallDays.slice(0, 3), plan), t, 'a 90% canary');
    },
  }),
  testCase({
    id: 'an-increase-at-the-limit-holds',
    name: 'holds the guardrails when the canary is exactly as good as control at a zero margin, and promotes',
    visible: false,
    rules: ['guardrail-order'],
    input: { current: V7, candidate: V8, windows: quietDays, plan: { ...PLAN.canary, minOutcomes: 10, maxMissedFraudIncrease: 0, maxFalseBlockIncrease: 0, promoteAfterWindows: 2 } },
    run: canaryDriver,
    check: (actual, t) => {
      const plan = { ...PLAN.canary, minOutcomes: 10, maxMissedFraudIncrease: 0, maxFalseBlockIncrease: 0, promoteAfterWindows: 2 };
      const decisions = canaryOf(V7, V8, quietDays, plan);
      t.equal(decisions.at(-1)?.decision, 'promote', { what: 'the reference promotes an equally good canary' });
      checkDecisions((actual as { decisions: unknown }).decisions, decisions, t, 'an equally good canary');
    },
  }),
  testCase({
    id: 'still-in-canary-without-windows',
    name: 'reports still-in-canary when shadow passed and no outcomes have arrived yet',
    visible: false,
    rules: ['gate-before-canary', 'stop-at-decision'],
    input: { current: V7, candidate: V8, replay: replay.slice(0, 40), windows: [], plan: { ...PLAN, shadow: { ...PLAN.shadow, minRequests: 40 } } },
    run: rollOutDriver,
    check: (actual, t) => {
      const got = rolloutOf(actual);
      checkShadow(got.result.shadow, shadowOf(V7, V8, replay.slice(0, 40), { ...PLAN.shadow, minRequests: 40 }), t, 'shadow');
      t.equal(got.result.canary, [], { what: 'canary decisions without windows' });
      t.equal(got.result.outcome, 'still-in-canary', { what: 'outcome without windows' });
    },
  }),
  generatedCases({
    id: 'shadow-on-generated-replays',
    name: 'compares two models on generated replays, batch sizes, thresholds and gates',
    rules: ['own-card', 'shadow-batches', 'shadow-metrics', 'shadow-gate', 'no-leaks'],
    input: shadowArbitrary,
    examples: [shadowInput(V8, V7, replay.slice(0, 10), { batchSize: 3, minRequests: 10, maxDisagreementRate: 0.1, maxMeanAbsScoreDiff: 0.05 })],
    count: 11,
    run: shadowDriver,
    what: 'shadow report',
    compare: (actual, expected, t) => t.closeTo(actual, expected, { what: 'shadow report', tolerance: 1e-5, exactKeys: true }),
  }),
  generatedCases({
    id: 'arms-of-generated-users',
    name: 'assigns generated user ids by the stated hash at several fractions and salts',
    rules: ['sticky-assignment'],
    input: assignArbitrary,
    examples: [{ ids: ['', 'a', 'u000001'], fractions: [0, 1], salt: '' }],
    count: 11,
    run: assignDriver,
    what: 'arms',
  }),
  generatedCases({
    id: 'canary-on-generated-windows',
    name: 'serves and judges generated windows by arm with generated plans',
    rules: ['own-card', 'serve-by-arm', 'running-tallies', 'guardrail-order', 'stop-at-decision', 'no-leaks'],
    input: canaryArbitrary,
    examples: [{ current: V7, candidate: V8, windows: [], plan: PLAN.canary }, { current: V7, candidate: RC1, windows: [[], smallDays[0]!], plan: { ...PLAN.canary, minOutcomes: 0 } }],
    count: 14,
    run: canaryDriver,
    what: 'canary decisions',
  }),
  generatedCases({
    id: 'rollout-on-generated-plans',
    name: 'runs shadow then canary with generated gates and plans',
    rules: ['gate-before-canary', 'shadow-gate', 'stop-at-decision'],
    input: rollOutArbitrary,
    count: 8,
    run: rollOutDriver,
    what: 'rollout',
    compare: (actual, expected, t) => t.closeTo(actual, expected, { what: 'rollout', tolerance: 1e-5, exactKeys: true }),
  }),
]);
