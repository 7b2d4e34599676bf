/** Runs once when the server starts: warms the grader pool and logs how it is confined. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { getGrader } = await import('./lib/grading/grader');
  getGrader().catch((error: unknown) => {
    console.error(`[grader] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  });
}
