import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { interviewExercises } from '@/db/schema';
import type { DraftView } from '@/lib/drafts/get-draft';
import { AppError } from '@/lib/errors';
import { assertDraftFitsOrThrow } from '@/lib/drafts/assert-draft-fits';
import { assertBeforeDeadlineOrThrow } from './assert-before-deadline';
import { getInterviewExerciseOrThrow, getInterviewOrThrow } from './get-interview';

/** The mock's own draft of one of its exercises (the user's own mocks only). */
export function getInterviewDraft(db: Db, userId: string | undefined, interviewId: string, exerciseId: string): DraftView | null {
  getInterviewOrThrow(db, userId, interviewId);
  const row = getInterviewExerciseOrThrow(db, interviewId, exerciseId);
  return draftOf(row, new Date(0));
}

/** The draft a mock's exercise row holds, or null before its first save. */
function draftOf(row: { draftCode: string | null; draftVersion: number; draftUpdatedAt: Date | null }, fallbackTime: Date): DraftView | null {
  return row.draftCode === null ? null : { code: row.draftCode, version: row.draftVersion, updatedAt: row.draftUpdatedAt ?? fallbackTime };
}

/**
 * Saves the mock's own draft of one of its exercises, like the workspace's drafts: only on top
 * of the version it was edited from (a stale tab gets 409 with the newer draft), and only before
 * the deadline (plus a short grace for the last autosave in flight).
 */
export function saveInterviewDraft(
  db: Db,
  input: { userId: string; interviewId: string; exerciseId: string; code: string; baseVersion: number; now?: Date },
): DraftView {
  const now = input.now ?? new Date();
  assertDraftFitsOrThrow(input.code);
  return db.transaction(
    (tx) => {
      const txDb = tx as unknown as Db;
      assertBeforeDeadlineOrThrow(getInterviewOrThrow(txDb, input.userId, input.interviewId), 'draft', now);
      const row = getInterviewExerciseOrThrow(txDb, input.interviewId, input.exerciseId);
      if (row.draftVersion !== input.baseVersion) {
        throw new AppError('conflict', 'This draft was saved from another tab or window since you loaded it.', { extra: { draft: draftOf(row, now) } });
      }
      const version = row.draftVersion + 1;
      tx.update(interviewExercises)
        .set({ draftCode: input.code, draftVersion: version, draftUpdatedAt: now })
        .where(and(eq(interviewExercises.interviewId, input.interviewId), eq(interviewExercises.exerciseId, input.exerciseId)))
        .run();
      return { code: input.code, version, updatedAt: now };
    },
    { behavior: 'immediate' },
  );
}
