import { and, eq, inArray, isNull } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { DraftView } from '@/lib/drafts/get-draft';
import { AppError } from '@/lib/errors';
import { assertDraftFitsOrThrow } from '@/lib/drafts/assert-draft-fits';
import { assertBeforeDeadlineOrThrow } from './assert-before-deadline';
import { getInterviewExerciseOrThrow, getInterviewOrThrow } from './get-interview';

/** The mock's own draft of one of its exercises (the user's own mocks only). */
export async function getInterviewDraft(db: AppDb, userId: string | undefined, interviewId: string, exerciseId: string): Promise<DraftView | null> {
  await getInterviewOrThrow(db, userId, interviewId);
  const row = await getInterviewExerciseOrThrow(db, interviewId, exerciseId);
  return draftOf(row, new Date(0));
}

/** The draft a mock's exercise row holds, or null before its first save. */
function draftOf(row: { draftCode: string | null; draftVersion: number; draftUpdatedAt: Date | null }, fallbackTime: Date): DraftView | null {
  return row.draftCode === null ? null : { code: row.draftCode, version: row.draftVersion, updatedAt: row.draftUpdatedAt ?? fallbackTime };
}

/**
 * Saves the mock's own draft of one of its exercises, like the workspace's drafts: only on top
 * of the version it was edited from (a stale tab gets 409 with the newer draft), and only before
 * the deadline (plus a short grace for the last autosave in flight). The write itself checks the
 * version and that the mock is still running, so a save racing another tab or the mock's finish
 * (which submits the drafts it reads) cannot slip in after either.
 */
export async function saveInterviewDraft(
  db: AppDb,
  input: { userId: string; interviewId: string; exerciseId: string; code: string; baseVersion: number; now?: Date },
): Promise<DraftView> {
  const now = input.now ?? new Date();
  assertDraftFitsOrThrow(input.code);
  const { interviewExercises, interviews } = tablesOf(db);
  assertBeforeDeadlineOrThrow(await getInterviewOrThrow(db, input.userId, input.interviewId), 'draft', now);
  const version = input.baseVersion + 1;
  const running = db.select({ id: interviews.id }).from(interviews).where(and(eq(interviews.id, input.interviewId), isNull(interviews.finishedAt)));
  const updated = await db
    .update(interviewExercises)
    .set({ draftCode: input.code, draftVersion: version, draftUpdatedAt: now })
    .where(
      and(
        eq(interviewExercises.interviewId, input.interviewId),
        eq(interviewExercises.exerciseId, input.exerciseId),
        eq(interviewExercises.draftVersion, input.baseVersion),
        inArray(interviewExercises.interviewId, running),
      ),
    );
  if (updated.rowCount) return { code: input.code, version, updatedAt: now };
  // Nothing written: say why, from what is stored now.
  assertBeforeDeadlineOrThrow(await getInterviewOrThrow(db, input.userId, input.interviewId), 'draft', now);
  const row = await getInterviewExerciseOrThrow(db, input.interviewId, input.exerciseId);
  throw new AppError('conflict', 'This draft was saved from another tab or window since you loaded it.', { extra: { draft: draftOf(row, now) } });
}
