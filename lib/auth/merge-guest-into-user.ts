import { and, eq } from 'drizzle-orm';
import { lockedForUpdate, tablesOf, type AppDb } from '@/db/app-db';

/** Tables of a user's own work, moved by mergeGuestIntoUser (a test checks that none is missed). */
export const USER_DATA_TABLES = ['drafts', 'submissions', 'exercise_events', 'interviews'] as const;
/** Tables that belong to an account's sign-in, never to a guest. */
export const AUTH_TABLES = ['sessions', 'accounts'] as const;

export interface MergeResult {
  submissions: number;
  drafts: number;
  events: number;
  interviews: number;
}

/**
 * Moves everything a guest did to a signed-in user, in one transaction, then removes the guest:
 * submissions move as they are; a draft moves unless the user has one for the same exercise,
 * in which case the more recently saved code wins; an event the user already has keeps the
 * earlier time; the time zone, "Start here" and editor preferences fill in only what the user has not set; mock interviews move whole (their exercises, drafts and answers hang off them).
 * Does nothing unless `guestId` names a guest (an account is never merged away). The guest's row
 * is locked first (PostgreSQL; SQLite's transaction holds the whole database), so two sign-ins of
 * one browser at once merge once.
 */
export async function mergeGuestIntoUser(db: AppDb, guestId: string, userId: string): Promise<MergeResult | null> {
  if (guestId === userId) return null;
  return db.transaction(async (tx) => {
    const { drafts, exerciseEvents, interviews, submissions, users } = tablesOf(db);
    const person = { id: users.id, timeZone: users.timeZone, startHereDismissedAt: users.startHereDismissedAt, editorPreferences: users.editorPreferences };
    const [guest] = await lockedForUpdate(db, tx.select(person).from(users).where(and(eq(users.id, guestId), eq(users.isGuest, true))).limit(1));
    const [target] = await tx.select(person).from(users).where(eq(users.id, userId)).limit(1);
    if (!guest || !target) return null;

    const moved = (await tx.update(submissions).set({ userId }).where(eq(submissions.userId, guestId))).rowCount ?? 0;
    const mocks = (await tx.update(interviews).set({ userId }).where(eq(interviews.userId, guestId))).rowCount ?? 0;

    let draftCount = 0;
    for (const draft of await tx.select().from(drafts).where(eq(drafts.userId, guestId))) {
      const [mine] = await tx.select().from(drafts).where(and(eq(drafts.userId, userId), eq(drafts.exerciseId, draft.exerciseId))).limit(1);
      if (!mine) {
        await tx.update(drafts).set({ userId }).where(eq(drafts.id, draft.id));
      } else if (draft.updatedAt > mine.updatedAt) {
        await tx
          .update(drafts)
          .set({ code: draft.code, updatedAt: draft.updatedAt, version: Math.max(mine.version, draft.version) + 1 })
          .where(eq(drafts.id, mine.id));
      }
      draftCount += 1;
    }

    let eventCount = 0;
    for (const event of await tx.select().from(exerciseEvents).where(eq(exerciseEvents.userId, guestId))) {
      const same = and(
        eq(exerciseEvents.userId, userId),
        eq(exerciseEvents.exerciseId, event.exerciseId),
        eq(exerciseEvents.kind, event.kind),
        eq(exerciseEvents.hintNumber, event.hintNumber),
      );
      const [mine] = await tx.select().from(exerciseEvents).where(same).limit(1);
      if (!mine) await tx.update(exerciseEvents).set({ userId }).where(eq(exerciseEvents.id, event.id));
      else if (event.createdAt < mine.createdAt) await tx.update(exerciseEvents).set({ createdAt: event.createdAt }).where(eq(exerciseEvents.id, mine.id));
      eventCount += 1;
    }

    if (!target.timeZone && guest.timeZone) await tx.update(users).set({ timeZone: guest.timeZone }).where(eq(users.id, userId));
    if (!target.startHereDismissedAt && guest.startHereDismissedAt) {
      await tx.update(users).set({ startHereDismissedAt: guest.startHereDismissedAt }).where(eq(users.id, userId));
    }
    if (!target.editorPreferences && guest.editorPreferences) {
      await tx.update(users).set({ editorPreferences: guest.editorPreferences }).where(eq(users.id, userId));
    }
    // Whatever was not moved (drafts and events the user already had) goes with the guest.
    await tx.delete(users).where(eq(users.id, guestId));
    return { submissions: moved, drafts: draftCount, events: eventCount, interviews: mocks };
  });
}
