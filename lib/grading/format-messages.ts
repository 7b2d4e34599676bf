import { preview } from './plain';
import type { CheckFailure } from './check';

/** Shown under a test's console output when it was cut. */
export function withTruncationNote(logs: string, truncatedBytes: number): string {
  return truncatedBytes > 0 ? `${logs}${logs.endsWith('\n') || logs === '' ? '' : '\n'}[output truncated: ${truncatedBytes} bytes]` : logs;
}

/** Shown when a hidden test's code threw: the error text could carry hidden data, so it is withheld. */
export const HIDDEN_TEST_THREW = 'Your code threw an error on this hidden test (the error and the data are not shown). Check the edge cases the prompt describes.';

/** Visible tests say input, expected and actual; hidden tests only the property that broke. */
export function describeFailure(failure: CheckFailure, input: unknown, visible: boolean): string {
  if (!visible) return `${failure.property}\n(hidden test: its data is not shown)`;
  const { expected, actual, tolerance } = failure.detail;
  const lines = [failure.visibleProperty, `  input:    ${preview(input, 300)}`];
  if (expected !== undefined) lines.push(`  expected: ${expected}${tolerance !== undefined ? ` (tolerance ${tolerance})` : ''}`);
  if (actual !== undefined) lines.push(`  actual:   ${actual}`);
  return lines.join('\n');
}

export const timeoutAdvice = (ms: number) =>
  `Timed out after ${ms} ms. Look for an infinite loop, a promise that never settles, or a timer that keeps re-arming.`;

export const memoryAdvice = (mb: number) =>
  `Ran out of memory (limit ${mb} MB). Look for arrays, strings or tensors that grow without bound, and dispose tensors you no longer need.`;
