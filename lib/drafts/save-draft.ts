import { and, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { assertDraftFitsOrThrow } from './assert-draft-fits';
import { getDraft, type DraftView } from './get-draft';

export type SaveDraftResult = { saved: true; draft: DraftView } | { saved: false; current: DraftView };

/** A draft that keeps vanishing (deleted) while it is saved: give up rather than loop. */
const ATTEMPTS = 3;

/**
 * Saves a user's code for an exercise if `baseVersion` is the version they last loaded or saved
 * (0 when they started from the starter). Otherwise nothing changes and the newer draft is
 * returned: another tab saved in between, and an older draft never overwrites a newer one.
 * The check and the write are one statement (an insert that yields to an existing row, an update
 * of that version only), so two saves at once cannot both win, on any engine and any web server.
 */
export async function saveDraft(db: AppDb, input: { userId: string; exerciseId: string; code: string; baseVersion: number }): Promise<SaveDraftResult> {
  getExerciseByIdOrThrow(input.exerciseId);
  assertDraftFitsOrThrow(input.code);
  const { drafts } = tablesOf(db);
  const mine = and(eq(drafts.userId, input.userId), eq(drafts.exerciseId, input.exerciseId));
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const now = new Date();
    const current = await getDraft(db, input.userId, input.exerciseId);
    if (!current) {
      // No draft yet (or it was removed): this save starts one, above any version a tab has seen.
      const version = Math.max(1, input.baseVersion + 1);
      const inserted = await db.insert(drafts).values({ userId: input.userId, exerciseId: input.exerciseId, code: input.code, version, updatedAt: now }).onConflictDoNothing();
      if (inserted.rowCount) return { saved: true, draft: { code: input.code, version, updatedAt: now } };
      continue;
    }
    if (current.version !== input.baseVersion) return { saved: false, current };
    const version = current.version + 1;
    const updated = await db.update(drafts).set({ code: input.code, version, updatedAt: now }).where(and(mine, eq(drafts.version, current.version)));
    if (updated.rowCount) return { saved: true, draft: { code: input.code, version, updatedAt: now } };
  }
  const current = await getDraft(db, input.userId, input.exerciseId);
  if (current) return { saved: false, current };
  throw new Error(`saveDraft: the draft of ${input.exerciseId} changed ${ATTEMPTS} times while it was saved`);
}
