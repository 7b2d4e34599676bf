import { getEnv } from '@/lib/env';
import { getGrader, stopGrader } from '@/lib/grading/grader';
import { openGradingBoss } from '@/lib/grading/queue/grading-queue';
import { serveGradeJobs } from '@/lib/grading/queue/serve-grade-jobs';
import { gradingLimits } from '@/lib/limits';

/**
 * `npm run grader:worker`: a grading worker for GRADER_MODE=queue, on any machine that reaches the
 * PostgreSQL of DATABASE_URL. It starts the same grader pool as an in-process server (sandbox,
 * confinement check, GRADER_* limits) and grades the queue's jobs until SIGTERM or SIGINT, when it
 * finishes the jobs it holds and stops.
 */
async function main(): Promise<void> {
  const env = getEnv();
  if (!env.DATABASE_URL) throw new Error('The grader worker reaches the queue through DATABASE_URL: set it to the PostgreSQL URL the web servers use.');
  const { pool, confinement } = await getGrader();
  // Each grader process holds a job and its heartbeat; a few more for fetching and supervision.
  const boss = await openGradingBoss(env.DATABASE_URL, env.GRADER_WORKERS + 3);
  await serveGradeJobs(boss, pool, { graders: env.GRADER_WORKERS, runningPerClient: gradingLimits().runningPerClient });
  console.info(`[grader:worker] pid ${process.pid} grading with ${env.GRADER_WORKERS} grader processes (${confinement.description})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`[grader:worker] ${signal}: finishing the jobs in hand`);
    await boss.stop({ graceful: true, timeout: 60_000 });
    await stopGrader();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch(async (error: unknown) => {
  console.error(`[grader:worker] ${error instanceof Error ? error.message : String(error)}`);
  await stopGrader();
  process.exit(1);
});
