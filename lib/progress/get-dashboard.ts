import type { AppDb } from '@/db/app-db';
import { buildActivityCalendar, type ActivityCalendar } from './build-activity-calendar';
import { buildReviewQueue, type ReviewQueue } from './build-review-queue';
import { computeMastery, findWeakestSkills, type GroupMastery, type Mastery } from './compute-mastery';
import { computeProgress } from './compute-progress';
import { computeStreaks, type Streaks } from './compute-streaks';
import { countActivity } from './count-activity';
import type { AttemptStatus, CatalogEntry } from './exercise-history';
import { loadExerciseHistories } from './load-exercise-histories';
import { toLocalDay } from './local-day';
import { recommendExercise, type Recommendation } from './recommend-exercise';
import type { ExerciseStatus } from './summarize-exercise';

export interface RecentAttempt {
  submissionId: string;
  mode: 'run' | 'submit';
  status: AttemptStatus;
  at: Date;
}

/** One exercise worked on lately, with its latest attempts (newest first) and how many there were in all. */
export interface RecentExercise {
  exercise: CatalogEntry;
  attempts: RecentAttempt[];
  totalAttempts: number;
  solved: boolean;
}

/** How many exercises the dashboard lists, and how many attempts of each. */
const RECENT_EXERCISES = 6;
const ATTEMPTS_PER_EXERCISE = 10;

export interface Dashboard {
  timeZone: string;
  today: string;
  mastery: Mastery;
  weakestSkills: (GroupMastery & { failedSubmits: number })[];
  recommendation: Recommendation | null;
  reviews: ReviewQueue;
  streaks: Streaks;
  calendar: ActivityCalendar;
  recent: RecentExercise[];
  solved: number;
  total: number;
  statusById: Record<string, ExerciseStatus>;
}

/** Everything the dashboard shows for one user, computed from their own rows only. */
export async function getDashboard(db: AppDb, userId: string, catalog: CatalogEntry[], timeZone: string, now = new Date()): Promise<Dashboard> {
  const histories = await loadExerciseHistories(db, userId);
  const progress = computeProgress(catalog, histories, now, timeZone);
  const mastery = computeMastery(catalog, progress);
  const today = toLocalDay(now, timeZone);
  const activity = countActivity(histories.values(), timeZone);
  const byId = new Map(catalog.map((e) => [e.id, e]));

  const recent: RecentExercise[] = [];
  for (const history of histories.values()) {
    const exercise = byId.get(history.exerciseId);
    if (!exercise || history.attempts.length === 0) continue;
    const attempts = history.attempts
      .slice(-ATTEMPTS_PER_EXERCISE)
      .reverse()
      .map((attempt) => ({ submissionId: attempt.id, mode: attempt.mode, status: attempt.status, at: attempt.at }));
    recent.push({ exercise, attempts, totalAttempts: history.attempts.length, solved: progress.get(exercise.id)?.solved === true });
  }
  recent.sort((a, b) => b.attempts[0]!.at.getTime() - a.attempts[0]!.at.getTime());

  return {
    timeZone,
    today,
    mastery,
    weakestSkills: findWeakestSkills(catalog, progress, mastery),
    recommendation: recommendExercise(catalog, progress, mastery, now),
    reviews: buildReviewQueue(catalog, progress, now, timeZone),
    streaks: computeStreaks(activity.keys(), today),
    calendar: buildActivityCalendar(activity, today),
    recent: recent.slice(0, RECENT_EXERCISES),
    solved: [...progress.values()].filter((p) => p.firstSolvedAt).length,
    total: catalog.length,
    statusById: Object.fromEntries([...progress].map(([id, p]) => [id, p.status])),
  };
}

/** Each exercise's status for one user (the catalog's badges). */
export async function getExerciseStatuses(db: AppDb, userId: string, catalog: CatalogEntry[], timeZone: string, now = new Date()): Promise<Map<string, ExerciseStatus>> {
  const progress = computeProgress(catalog, await loadExerciseHistories(db, userId), now, timeZone);
  return new Map([...progress].map(([id, p]) => [id, p.status]));
}
