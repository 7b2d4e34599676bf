import { and, eq, isNull } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { TRACKS, type Track } from '@/lib/exercises/meta-schema';
import type { CatalogEntry } from '@/lib/progress/exercise-history';
import type { ExerciseStatus } from '@/lib/progress/summarize-exercise';

/** Where a newcomer starts a track: its first exercise in catalog order (easy → hard) that needs no other. */
export function startingPoints<E extends Pick<CatalogEntry, 'track' | 'prerequisites'>>(catalog: readonly E[]): { track: Track; exercise: E }[] {
  return TRACKS.flatMap((track) => {
    const exercise = catalog.find((e) => e.track === track && e.prerequisites.length === 0);
    return exercise ? [{ track, exercise }] : [];
  });
}

/**
 * Whether the catalog greets this user with "Start here": only someone who has neither dismissed it
 * (kept on their user row, so it follows an account to every browser) nor practised anything yet
 * (any run, submit or milestone, read from their progress).
 */
export function showsStartHere(user: { startHereDismissedAt: Date | null } | null, statuses: Iterable<ExerciseStatus>): boolean {
  if (user?.startHereDismissedAt) return false;
  for (const status of statuses) if (status !== 'not-started') return false;
  return true;
}

/** Records that the user closed "Start here" (the first time only). */
export async function dismissStartHere(db: AppDb, userId: string, now = new Date()): Promise<void> {
  const { users } = tablesOf(db);
  await db.update(users).set({ startHereDismissedAt: now }).where(and(eq(users.id, userId), isNull(users.startHereDismissedAt)));
}
