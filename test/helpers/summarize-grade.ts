import type { GradeResult } from '@/lib/grading/result';

/** A graded result, shortened for assertion messages: the verdict, then each test's status, message and output. */
export function summarizeGrade(result: GradeResult): string {
  const tests = result.tests.map((t) => `  ${t.id}: ${t.status} ${(t.message ?? '').slice(0, 300)}${t.output ? ` | output: ${JSON.stringify(t.output.slice(0, 120))}` : ''}`);
  return [`status ${result.status}${result.message ? `: ${result.message.slice(0, 300)}` : ''}`, ...tests].join('\n');
}
