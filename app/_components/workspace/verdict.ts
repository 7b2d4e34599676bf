import type { GradeMode, GradeResult, SubmissionStatus } from '@/lib/grading/result';

export const STATUS_LABEL: Record<SubmissionStatus, string> = {
  pass: 'Passed',
  fail: 'Failed',
  error: 'Error',
  timeout: 'Timed out',
  memory: 'Out of memory',
};

/** One line for the verdict, also what screen readers hear when grading ends. */
export function summarizeResult(result: GradeResult, mode: GradeMode): string {
  const what = mode === 'run' ? 'Run' : 'Submission';
  const passed = result.tests.filter((t) => t.status === 'pass').length;
  const total = result.tests.length;
  if (total === 0) return `${what}: ${STATUS_LABEL[result.status].toLowerCase()}, no test ran.`;
  if (result.status === 'pass') return `${what} passed: all ${total} ${total === 1 ? 'test' : 'tests'} passed.`;
  return `${what} ${STATUS_LABEL[result.status].toLowerCase()}: ${passed} of ${total} tests passed.`;
}

/** What to look for when the verdict is not about a wrong answer. */
export function verdictAdvice(status: SubmissionStatus): { title: string; points: string[] } | undefined {
  if (status === 'timeout') {
    return {
      title: 'What to look for: code that never finishes',
      points: [
        'A loop whose condition never becomes false (an index that is not incremented, a `while` on a value that never changes).',
        'A promise that never settles: an `await` on something that is never resolved, or a missing `return` in an async helper.',
        'Work that grows too fast with the data: a loop over every row inside another loop over every row, or building a tensor per value.',
      ],
    };
  }
  if (status === 'memory') {
    return {
      title: 'What to look for: memory that keeps growing',
      points: [
        'Tensors created in a loop and never disposed: wrap the work in `tf.tidy(() => …)` or call `.dispose()`.',
        'Arrays or strings that grow without bound (pushing in a loop that does not end).',
        'Copying large tensors to arrays again and again (`dataSync()`/`arraySync()` inside a loop).',
      ],
    };
  }
  return undefined;
}
