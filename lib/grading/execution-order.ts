/**
 * The order a submission's tests run in: the visible ones first, then the hidden ones, each group
 * in suite order. Every test gets a fresh context, but the contexts share one isolate, and a test
 * can still notice what an earlier one did (V8 compiles a function once per isolate, so its first
 * call is quicker when an earlier test called it). Run in this order, nothing a visible test shows
 * (its output, message or time) can follow a hidden test's input. Results are listed in suite order.
 */
export function executionOrder<T extends { visible: boolean }>(cases: readonly T[]): T[] {
  return [...cases.filter((c) => c.visible), ...cases.filter((c) => !c.visible)];
}
