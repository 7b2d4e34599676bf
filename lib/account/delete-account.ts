import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { users, type User } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** What a guest types to confirm; an account types its email address. */
export const GUEST_CONFIRMATION = 'delete my data';

export const deleteAccountSchema = z.object({ confirm: z.string({ error: 'Type the confirmation.' }).trim() });

/**
 * Deletes the user and, through the foreign keys, everything of theirs: sessions, password,
 * drafts, submissions, hint and solution reveals. Refuses unless `confirm` is the account's
 * email (or, for a guest, the phrase "delete my data").
 */
export function deleteAccountOrThrow(db: Db, user: User, confirm: string): void {
  const expected = user.isGuest || !user.email ? GUEST_CONFIRMATION : user.email;
  if (confirm.toLowerCase() !== expected.toLowerCase()) {
    throw new AppError(
      'unprocessable',
      user.isGuest ? `Type “${GUEST_CONFIRMATION}” to confirm. Nothing was deleted.` : 'Type your email address exactly to confirm. Nothing was deleted.',
    );
  }
  db.delete(users).where(eq(users.id, user.id)).run();
}
