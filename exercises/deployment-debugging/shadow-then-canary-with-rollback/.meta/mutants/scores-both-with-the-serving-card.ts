// mistake: scores the candidate with the serving model's card ('v8 reads the same fields'), so v8 gets its inputs in v7's order and scaling
// expect: with its own card and threshold
import * as tf from '@tensorflow/tfjs';

/** A payment as the scoring service receives it: `user_id` and numeric fields by name. */
export type Payment = Record<string, number | string>;
/** A payment from an outcome window: `fraud` is 1 when it turned out to be fraud, else 0. */
export type LabelledPayment = Payment & { fraud: number };

/** data/models.json's `card`: how the model's inputs were prepared in training, and where it blocks. */
export interface ModelCard {
  model: string;
  features: string[];
  mean: number[];
  std: number[];
  threshold: number;
}

export interface Deployed {
  model: tf.LayersModel;
  card: ModelCard;
}

export interface ShadowGate {
  batchSize: number;
  minRequests: number;
  maxDisagreementRate: number;
  maxMeanAbsScoreDiff: number;
}

export type ShadowFailure = 'too-few-requests' | 'disagreement-rate' | 'score-diff';

export interface ShadowReport {
  requests: number;
  disagreements: number;
  disagreementRate: number;
  meanAbsScoreDiff: number;
  passed: boolean;
  failed: ShadowFailure[];
}

export type Arm = 'canary' | 'control';

export interface CanaryPlan {
  salt: string;
  fraction: number;
  minOutcomes: number;
  maxMissedFraudIncrease: number;
  maxFalseBlockIncrease: number;
  promoteAfterWindows: number;
}

export interface ArmTally {
  outcomes: number;
  missedFraud: number;
  falseBlocks: number;
  missedFraudRate: number;
  falseBlockRate: number;
}

export interface WindowDecision {
  window: number;
  canary: ArmTally;
  control: ArmTally;
  decision: 'continue' | 'promote' | 'roll-back';
  reason: 'too-few-outcomes' | 'missed-fraud' | 'false-blocks' | 'guardrails-held';
}

export interface RolloutPlan {
  shadow: ShadowGate;
  canary: CanaryPlan;
}

export interface RolloutResult {
  shadow: ShadowReport;
  canary: WindowDecision[];
  outcome: 'rejected-in-shadow' | 'rolled-back' | 'promoted' | 'still-in-canary';
}

const BUCKETS = 10000;

/** The model's fraud scores for some payments: its own card's features, in its order, standardised; one forward pass. */
function score({ model, card }: Deployed, payments: Payment[]): number[] {
  if (payments.length === 0) return [];
  const rows = payments.map((p) => card.features.map((feature, k) => (Number(p[feature]) - card.mean[k]!) / card.std[k]!));
  return tf.tidy(() => Array.from((model.predict(tf.tensor2d(rows, [rows.length, card.features.length])) as tf.Tensor).dataSync()));
}

/** Runs both models over the replayed requests in batches and checks the stated gate. */
export function shadowCompare(current: Deployed, candidate: Deployed, requests: Payment[], gate: ShadowGate): ShadowReport {
  let disagreements = 0;
  let absDiffSum = 0;
  for (let start = 0; start < requests.length; start += gate.batchSize) {
    const batch = requests.slice(start, start + gate.batchSize);
    const currentScores = score(current, batch);
    const candidateScores = score({ model: candidate.model, card: current.card }, batch);
    currentScores.forEach((s, i) => {
      const c = candidateScores[i]!;
      if (s >= current.card.threshold !== c >= candidate.card.threshold) disagreements += 1;
      absDiffSum += Math.abs(c - s);
    });
  }
  const n = requests.length;
  const disagreementRate = n === 0 ? NaN : disagreements / n;
  const meanAbsScoreDiff = n === 0 ? NaN : absDiffSum / n;
  const failed: ShadowFailure[] = [];
  if (n < gate.minRequests) failed.push('too-few-requests');
  if (disagreementRate > gate.maxDisagreementRate) failed.push('disagreement-rate');
  if (meanAbsScoreDiff > gate.maxMeanAbsScoreDiff) failed.push('score-diff');
  return { requests: n, disagreements, disagreementRate, meanAbsScoreDiff, passed: failed.length === 0, failed };
}

/** 32-bit FNV-1a of an ASCII string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Sticky assignment: bucket = FNV-1a(`${salt}:${userId}`) mod 10,000; canary below round(fraction x 10,000). */
export function assignArm(userId: string, fraction: number, salt: string): Arm {
  return fnv1a(`${salt}:${userId}`) % BUCKETS < Math.round(fraction * BUCKETS) ? 'canary' : 'control';
}

interface Counts {
  outcomes: number;
  missedFraud: number;
  falseBlocks: number;
}

function tallyOf(c: Counts): ArmTally {
  const rate = (count: number) => (c.outcomes === 0 ? NaN : count / c.outcomes);
  return { ...c, missedFraudRate: rate(c.missedFraud), falseBlockRate: rate(c.falseBlocks) };
}

/** Adds one arm's payments of a window to its running counts: blocked when the arm's model scores at or above its threshold. */
function addOutcomes(counts: Counts, deployed: Deployed, payments: LabelledPayment[]): void {
  score(deployed, payments).forEach((s, i) => {
    const blocked = s >= deployed.card.threshold;
    const fraud = payments[i]!.fraud === 1;
    counts.outcomes += 1;
    if (fraud && !blocked) counts.missedFraud += 1;
    if (!fraud && blocked) counts.falseBlocks += 1;
  });
}

function decide(window: number, canary: ArmTally, control: ArmTally, plan: CanaryPlan): Pick<WindowDecision, 'decision' | 'reason'> {
  if (canary.outcomes < plan.minOutcomes || control.outcomes < plan.minOutcomes) return { decision: 'continue', reason: 'too-few-outcomes' };
  if (canary.missedFraudRate - control.missedFraudRate > plan.maxMissedFraudIncrease) return { decision: 'roll-back', reason: 'missed-fraud' };
  if (canary.falseBlockRate - control.falseBlockRate > plan.maxFalseBlockIncrease) return { decision: 'roll-back', reason: 'false-blocks' };
  if (window >= plan.promoteAfterWindows) return { decision: 'promote', reason: 'guardrails-held' };
  return { decision: 'continue', reason: 'guardrails-held' };
}

/** Serves each window's payments by arm and judges the canary on the outcomes so far; stops at the first promote or roll-back. */
export function runCanary(current: Deployed, candidate: Deployed, windows: LabelledPayment[][], plan: CanaryPlan): WindowDecision[] {
  const counts: Record<Arm, Counts> = { canary: { outcomes: 0, missedFraud: 0, falseBlocks: 0 }, control: { outcomes: 0, missedFraud: 0, falseBlocks: 0 } };
  const decisions: WindowDecision[] = [];
  for (const [index, payments] of windows.entries()) {
    const byArm: Record<Arm, LabelledPayment[]> = { canary: [], control: [] };
    for (const p of payments) byArm[assignArm(String(p.user_id), plan.fraction, plan.salt)].push(p);
    addOutcomes(counts.canary, candidate, byArm.canary);
    addOutcomes(counts.control, current, byArm.control);
    const canary = tallyOf(counts.canary);
    const control = tallyOf(counts.control);
    const verdict = decide(index + 1, canary, control, plan);
    decisions.push({ window: index + 1, canary, control, ...verdict });
    if (verdict.decision !== 'continue') break;
  }
  return decisions;
}

/** Shadow first; the candidate serves canary traffic only when the shadow gate passed. */
export function rollOut(current: Deployed, candidate: Deployed, replay: Payment[], windows: LabelledPayment[][], plan: RolloutPlan): RolloutResult {
  const shadow = shadowCompare(current, candidate, replay, plan.shadow);
  if (!shadow.passed) return { shadow, canary: [], outcome: 'rejected-in-shadow' };
  const canary = runCanary(current, candidate, windows, plan.canary);
  const last = canary.at(-1)?.decision;
  const outcome = last === 'roll-back' ? 'rolled-back' : last === 'promote' ? 'promoted' : 'still-in-canary';
  return { shadow, canary, outcome };
}
