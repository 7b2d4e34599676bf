import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { drafts } from '@/db/schema';

export interface DraftView {
  code: string;
  /** Increases with every save; a save must name the version it started from. */
  version: number;
  updatedAt: Date;
}

/** The user's saved code for an exercise, or null when they have not saved any. */
export function getDraft(db: Db, userId: string | undefined, exerciseId: string): DraftView | null {
  if (!userId) return null;
  const row = db
    .select({ code: drafts.code, version: drafts.version, updatedAt: drafts.updatedAt })
    .from(drafts)
    .where(and(eq(drafts.userId, userId), eq(drafts.exerciseId, exerciseId)))
    .get();
  return row ?? null;
}
