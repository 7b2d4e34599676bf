import type { AppDb } from '@/db/app-db';
import type { Dashboard } from '@/lib/progress/get-dashboard';
import { findOpenInterview, listInterviewExercises } from './get-interview';
import { interviewUrl } from './interview-rules';

export interface DashboardView extends Dashboard {
  /** Where the user's running mock continues, when one runs. */
  mockInProgress: { url: string } | null;
}

/**
 * The dashboard as the user may see it: while a mock runs, the review queue and the
 * recommendation are withheld (they hand out practice the mock forbids), and so are the attempts
 * at the mock's own exercises, whose history stays locked until it ends.
 */
export async function dashboardDuringMock(db: AppDb, userId: string | undefined, dashboard: Dashboard): Promise<DashboardView> {
  const open = await findOpenInterview(db, userId);
  if (!open) return { ...dashboard, mockInProgress: null };
  const locked = new Set((await listInterviewExercises(db, open.id)).map((row) => row.exerciseId));
  return {
    ...dashboard,
    recommendation: null,
    reviews: { due: [], upcoming: [] },
    recent: dashboard.recent.filter((attempt) => !locked.has(attempt.exercise.id)),
    mockInProgress: { url: interviewUrl(open.id) },
  };
}
