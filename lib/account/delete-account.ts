import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { forgetDeletedRows, tablesOf, type AppDb } from '@/db/app-db';
import type { User } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** What a guest types to confirm; an account types its email address. */
export const GUEST_CONFIRMATION = 'delete my data';

export const deleteAccountSchema = z.object({ confirm: z.string({ error: 'Type the confirmation.' }).trim() });

/**
 * Deletes the user and, through the foreign keys, everything of theirs: sessions, password,
 * drafts, submissions, hint and solution reveals. Refuses unless `confirm` is the account's
 * email (or, for a guest, the phrase "delete my data"). The rows are overwritten in the file
 * (`secure_delete`, db/client.ts) and the write-ahead log, which still holds their old pages, is
 * emptied into it (SQLite; db/app-db.ts).
 */
export async function deleteAccountOrThrow(db: AppDb, user: User, confirm: string): Promise<void> {
  const expected = user.isGuest || !user.email ? GUEST_CONFIRMATION : user.email;
  if (confirm.toLowerCase() !== expected.toLowerCase()) {
    throw new AppError(
      'unprocessable',
      user.isGuest ? `Type “${GUEST_CONFIRMATION}” to confirm. Nothing was deleted.` : 'Type your email address exactly to confirm. Nothing was deleted.',
    );
  }
  const { users } = tablesOf(db);
  await db.delete(users).where(eq(users.id, user.id));
  if (!forgetDeletedRows(db)) console.warn('[account] the write-ahead log could not be emptied after a deletion; it will be at the next checkpoint');
}
