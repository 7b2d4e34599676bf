import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { drafts, exerciseEvents, interviews, submissions, users } from '@/db/schema';

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
 * earlier time; mock interviews move whole (their exercises, drafts and answers hang off them). Does nothing unless `guestId` names a guest (an account is never merged away).
 */
export function mergeGuestIntoUser(db: Db, guestId: string, userId: string): MergeResult | null {
  if (guestId === userId) return null;
  return db.transaction((tx) => {
    const guest = tx.select({ id: users.id, timeZone: users.timeZone, startHereDismissedAt: users.startHereDismissedAt }).from(users).where(and(eq(users.id, guestId), eq(users.isGuest, true))).get();
    const target = tx.select({ id: users.id, timeZone: users.timeZone, startHereDismissedAt: users.startHereDismissedAt }).from(users).where(eq(users.id, userId)).get();
    if (!guest || !target) return null;

    const moved = tx.update(submissions).set({ userId }).where(eq(submissions.userId, guestId)).run().changes;
    const mocks = tx.update(interviews).set({ userId }).where(eq(interviews.userId, guestId)).run().changes;

    let draftCount = 0;
    for (const draft of tx.select().from(drafts).where(eq(drafts.userId, guestId)).all()) {
      const mine = tx.select().from(drafts).where(and(eq(drafts.userId, userId), eq(drafts.exerciseId, draft.exerciseId))).get();
      if (!mine) {
        tx.update(drafts).set({ userId }).where(eq(drafts.id, draft.id)).run();
      } else if (draft.updatedAt > mine.updatedAt) {
        tx.update(drafts)
          .set({ code: draft.code, updatedAt: draft.updatedAt, version: Math.max(mine.version, draft.version) + 1 })
          .where(eq(drafts.id, mine.id))
          .run();
      }
      draftCount += 1;
    }

    let eventCount = 0;
    for (const event of tx.select().from(exerciseEvents).where(eq(exerciseEvents.userId, guestId)).all()) {
      const same = and(
        eq(exerciseEvents.userId, userId),
        eq(exerciseEvents.exerciseId, event.exerciseId),
        eq(exerciseEvents.kind, event.kind),
        eq(exerciseEvents.hintNumber, event.hintNumber),
      );
      const mine = tx.select().from(exerciseEvents).where(same).get();
      if (!mine) tx.update(exerciseEvents).set({ userId }).where(eq(exerciseEvents.id, event.id)).run();
      else if (event.createdAt < mine.createdAt) tx.update(exerciseEvents).set({ createdAt: event.createdAt }).where(eq(exerciseEvents.id, mine.id)).run();
      eventCount += 1;
    }

    if (!target.timeZone && guest.timeZone) tx.update(users).set({ timeZone: guest.timeZone }).where(eq(users.id, userId)).run();
    if (!target.startHereDismissedAt && guest.startHereDismissedAt) {
      tx.update(users).set({ startHereDismissedAt: guest.startHereDismissedAt }).where(eq(users.id, userId)).run();
    }
    // Whatever was not moved (drafts and events the user already had) goes with the guest.
    tx.delete(users).where(eq(users.id, guestId)).run();
    return { submissions: moved, drafts: draftCount, events: eventCount, interviews: mocks };
  });
}
