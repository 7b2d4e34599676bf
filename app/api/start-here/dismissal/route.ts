import { route } from '@/lib/http/route';
import { dismissStartHere } from '@/lib/onboarding/start-here';

export const dynamic = 'force-dynamic';

/** `POST /api/start-here/dismissal`: the catalog stops showing "Start here" to this browser's user → `{ dismissed: true }`. */
export const POST = route({ user: 'guest' }, async ({ db, user }) => {
  await dismissStartHere(db, user.id);
  return { dismissed: true };
});
