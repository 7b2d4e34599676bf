import { and, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';

export interface DraftView {
  code: string;
  /** Increases with every save; a save must name the version it started from. */
  version: number;
  updatedAt: Date;
}

/** The user's saved code for an exercise, or null when they have not saved any. */
export async function getDraft(db: AppDb, userId: string | undefined, exerciseId: string): Promise<DraftView | null> {
  if (!userId) return null;
  const { drafts } = tablesOf(db);
  const [row] = await db
    .select({ code: drafts.code, version: drafts.version, updatedAt: drafts.updatedAt })
    .from(drafts)
    .where(and(eq(drafts.userId, userId), eq(drafts.exerciseId, exerciseId)))
    .limit(1);
  return row ?? null;
}
