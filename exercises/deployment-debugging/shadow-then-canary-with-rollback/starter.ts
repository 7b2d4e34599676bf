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

/** The fraud score of each payment. */
function score(model: tf.LayersModel, card: ModelCard, payments: Payment[]): number[] {
  if (payments.length === 0) return [];
  const x = tf.tensor2d(payments.map((p) => card.features.map((feature, k) => (Number(p[feature]) - card.mean[k]!) / card.std[k]!)));
  return Array.from((model.predict(x) as tf.Tensor).dataSync());
}

/** Replays logged requests through both models. v8 reads the same fields as v7, so one card will do. */
export function shadowCompare(current: Deployed, candidate: Deployed, requests: Payment[], gate: ShadowGate): ShadowReport {
  const currentScores = score(current.model, current.card, requests);
  const candidateScores = score(candidate.model, current.card, requests);
  const disagreements = currentScores.filter((s, i) => s >= 0.5 !== candidateScores[i]! >= 0.5).length;
  const meanAbsScoreDiff = currentScores.reduce((sum, s, i) => sum + (candidateScores[i]! - s), 0) / Math.max(1, requests.length);
  const disagreementRate = disagreements / Math.max(1, requests.length);
  const failed: ShadowFailure[] = disagreementRate > gate.maxDisagreementRate ? ['disagreement-rate'] : [];
  return { requests: requests.length, disagreements, disagreementRate, meanAbsScoreDiff, passed: failed.length === 0, failed };
}

/** Sends a share of requests to the canary. */
export function assignArm(userId: string, fraction: number, salt: string): Arm {
  return Math.random() < fraction ? 'canary' : 'control';
}

/** Judges each day's canary against control on that day's outcomes. */
export function runCanary(current: Deployed, candidate: Deployed, windows: LabelledPayment[][], plan: CanaryPlan): WindowDecision[] {
  return windows.map((payments, index) => {
    const counts: Record<Arm, ArmTally> = {
      canary: { outcomes: 0, missedFraud: 0, falseBlocks: 0, missedFraudRate: 0, falseBlockRate: 0 },
      control: { outcomes: 0, missedFraud: 0, falseBlocks: 0, missedFraudRate: 0, falseBlockRate: 0 },
    };
    const arms = payments.map((p) => assignArm(String(p.user_id), plan.fraction, plan.salt));
    const scores = { canary: score(candidate.model, candidate.card, payments), control: score(current.model, current.card, payments) };
    for (const [i, p] of payments.entries()) {
      const arm = arms[i]!;
      const deployed = arm === 'canary' ? candidate : current;
      const blocked = scores[arm][i]! >= deployed.card.threshold;
      const tally = counts[arm];
      tally.outcomes += 1;
      if (p.fraud === 1 && !blocked) tally.missedFraud += 1;
      if (p.fraud !== 1 && blocked) tally.falseBlocks += 1;
    }
    for (const tally of Object.values(counts)) {
      tally.missedFraudRate = tally.missedFraud / Math.max(1, tally.outcomes);
      tally.falseBlockRate = tally.falseBlocks / Math.max(1, tally.outcomes);
    }
    const worse = counts.canary.missedFraudRate > counts.control.missedFraudRate + plan.maxMissedFraudIncrease;
    return {
      window: index + 1,
      canary: counts.canary,
      control: counts.control,
      decision: worse ? 'roll-back' : index + 1 >= plan.promoteAfterWindows ? 'promote' : 'continue',
      reason: worse ? 'missed-fraud' : 'guardrails-held',
    };
  });
}

/** Shadow, then canary. */
export function rollOut(current: Deployed, candidate: Deployed, replay: Payment[], windows: LabelledPayment[][], plan: RolloutPlan): RolloutResult {
  const shadow = shadowCompare(current, candidate, replay, plan.shadow);
  const canary = runCanary(current, candidate, windows, plan.canary);
  const last = canary.at(-1)?.decision;
  return { shadow, canary, outcome: last === 'roll-back' ? 'rolled-back' : last === 'promote' ? 'promoted' : 'still-in-canary' };
}
