import { and, isNull, lte } from 'drizzle-orm';
import { getAppDb, tablesOf, type AppDb } from '@/db/app-db';
import { INTERVIEW_LIMITS } from '@/lib/limits';
import { finishInterview } from './finish-interview';

/**
 * Finishes every mock whose time (and the grace for the last draft) ran out, whoever is looking:
 * nobody needs to keep a tab open, and after a restart the first sweep catches up.
 * Returns how many it finished.
 */
export async function sweepOverdueInterviews(db: AppDb, now = new Date()): Promise<number> {
  const { interviews } = tablesOf(db);
  const due = await db
    .select()
    .from(interviews)
    .where(and(isNull(interviews.finishedAt), lte(interviews.deadlineAt, new Date(now.getTime() - INTERVIEW_LIMITS.draftGraceMs))));
  let finished = 0;
  for (const interview of due) {
    try {
      if ((await finishInterview(db, interview, now)) === 'finished') finished += 1;
    } catch (error) {
      console.error(`[interview] could not finish mock ${interview.id} yet: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return finished;
}

const state = globalThis as typeof globalThis & { __mpsInterviewSweep?: NodeJS.Timeout };

/** Sweeps now and then every `sweepEveryMs`, once per process (instrumentation.ts starts it). */
export function startInterviewSweeper(): void {
  if (state.__mpsInterviewSweep) return;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      await sweepOverdueInterviews(await getAppDb());
    } catch (error) {
      console.error(`[interview] sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  state.__mpsInterviewSweep = setInterval(() => void sweep(), INTERVIEW_LIMITS.sweepEveryMs);
  state.__mpsInterviewSweep.unref();
  void sweep();
}
