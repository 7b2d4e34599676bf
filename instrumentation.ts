/**
 * Runs once when the server starts: stamps each request with its socket's address (for the
 * per-client limits), warms the grader pool and logs how it is confined (not in queue mode, where
 * the workers grade), and starts finishing mock interviews whose time ran out (also those that ran
 * out while the server was stopped).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { installPeerStamp } = await import('./lib/http/client-address');
  installPeerStamp();
  const { getEnv } = await import('./lib/env');
  // In queue mode the grader workers grade (npm run grader:worker): this server starts no pool.
  if (getEnv().GRADER_MODE === 'in-process') {
    const { getGrader } = await import('./lib/grading/grader');
    getGrader().catch((error: unknown) => {
      console.error(`[grader] failed to start: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  const { startInterviewSweeper } = await import('./lib/interview/sweep-interviews');
  startInterviewSweeper();
}
