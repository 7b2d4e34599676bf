import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { interviewExercises } from '@/db/schema';
import type { DraftView } from '@/lib/drafts/get-draft';
import { AppError } from '@/lib/errors';
import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { assertBeforeDeadlineOrThrow } from './assert-before-deadline';
import { getInterviewExerciseOrThrow, getInterviewOrThrow } from './get-interview';

/** The mock's own draft of one of its exercises (the user's own mocks only). */
export function getInterviewDraft(db: Db, userId: string | undefined, interviewId: string, exerciseId: string): DraftView | null {
  getInterviewOrThrow(db, userId, interviewId);
  const row = getInterviewExerciseOrThrow(db, interviewId, exerciseId);
  return row.draftCode === null ? null : { code: row.draftCode, version: row.draftVersion, updatedAt: row.draftUpdatedAt ?? new Date(0) };
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
  const bytes = Buffer.byteLength(input.code);
  if (bytes > MAX_CODE_BYTES) {
    throw new AppError('payload_too_large', `The draft is ${Math.ceil(bytes / 1024)} KB; code may be at most ${MAX_CODE_BYTES / 1024} KB.`);
  }
  return db.transaction(
    (tx) => {
      const txDb = tx as unknown as Db;
      assertBeforeDeadlineOrThrow(getInterviewOrThrow(txDb, input.userId, input.interviewId), 'draft', now);
      const row = getInterviewExerciseOrThrow(txDb, input.interviewId, input.exerciseId);
      if (row.draftVersion !== input.baseVersion) {
        const current = row.draftCode === null ? null : { code: row.draftCode, version: row.draftVersion, updatedAt: row.draftUpdatedAt ?? now };
        throw new AppError('conflict', 'This draft was saved from another tab or window since you loaded it.', { extra: { draft: current } });
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
