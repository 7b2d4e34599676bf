import { describeGrader, type GraderState } from '@/lib/grading/grader';
import type { CheckResult } from './check-result';

export type GraderCheck = CheckResult & GraderState;

/**
 * The grader pool's state and how its processes are confined (bubblewrap or none), as the latest
 * of them reported from inside; not ok when it failed to start or reports more than it may reach.
 */
export async function checkGrader(): Promise<GraderCheck> {
  const grader = await describeGrader();
  if (grader.state === 'failed') return { ok: false, ...grader };
  if (grader.state === 'ready' && (grader.confinement.verified?.problems.length ?? 1) > 0) return { ok: false, ...grader };
  return { ok: true, ...grader };
}
