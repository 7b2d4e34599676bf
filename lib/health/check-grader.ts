import { describeGrader, type GraderState } from '@/lib/grading/grader';
import type { CheckResult } from './check-result';

export type GraderCheck = CheckResult & GraderState;

/** The grader pool's state and how its processes are confined (bubblewrap or none). */
export async function checkGrader(): Promise<GraderCheck> {
  const grader = await describeGrader();
  if (grader.state === 'failed') return { ok: false, ...grader };
  return { ok: true, ...grader };
}
