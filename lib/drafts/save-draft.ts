import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { drafts } from '@/db/schema';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { assertDraftFitsOrThrow } from './assert-draft-fits';
import { getDraft, type DraftView } from './get-draft';

export type SaveDraftResult = { saved: true; draft: DraftView } | { saved: false; current: DraftView };

/**
 * Saves a user's code for an exercise if `baseVersion` is the version they last loaded or saved
 * (0 when they started from the starter). Otherwise nothing changes and the newer draft is
 * returned: another tab saved in between, and an older draft never overwrites a newer one.
 */
export function saveDraft(db: Db, input: { userId: string; exerciseId: string; code: string; baseVersion: number }): SaveDraftResult {
  getExerciseByIdOrThrow(input.exerciseId);
  assertDraftFitsOrThrow(input.code);
  return db.transaction((tx) => {
    const now = new Date();
    const where = and(eq(drafts.userId, input.userId), eq(drafts.exerciseId, input.exerciseId));
    const current = getDraft(tx as unknown as Db, input.userId, input.exerciseId);
    if (!current) {
      // No draft yet (or it was removed): this save starts one, above any version a tab has seen.
      const version = Math.max(1, input.baseVersion + 1);
      tx.insert(drafts).values({ userId: input.userId, exerciseId: input.exerciseId, code: input.code, version, updatedAt: now }).run();
      return { saved: true, draft: { code: input.code, version, updatedAt: now } };
    }
    if (current.version !== input.baseVersion) return { saved: false, current };
    const version = current.version + 1;
    tx.update(drafts).set({ code: input.code, version, updatedAt: now }).where(where).run();
    return { saved: true, draft: { code: input.code, version, updatedAt: now } };
  });
}
