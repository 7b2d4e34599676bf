import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mergeGuestIntoUser } from '@/lib/auth/merge-guest-into-user';
import { dismissStartHere, showsStartHere, startingPoints } from '@/lib/onboarding/start-here';
import { DIALECTS, useAppDatabase, type AppDatabase } from '@/test/helpers/use-app-database';
import { CATALOG } from '../progress/catalog-fixture';

async function dismissedAt(t: AppDatabase, id: string): Promise<Date | null> {
  const { users } = t.tables;
  const [row] = await t.db.select({ at: users.startHereDismissedAt }).from(users).where(eq(users.id, id));
  return row?.at ?? null;
}

describe('start here', () => {
  it("starts each track at its first exercise that needs no other, in track order, skipping a track with none", () => {
    expect(startingPoints(CATALOG).map(({ track, exercise }) => [track, exercise.id])).toEqual([
      ['feature-engineering', 'fe-easy'],
      ['deployment-debugging', 'dd-easy'],
    ]);
    // Catalog order decides, not a list of slugs: without its easy step a track starts at the next open one.
    const withoutEasy = CATALOG.filter((e) => e.id !== 'dd-easy').map((e) => (e.id === 'dd-hard' ? { ...e, prerequisites: [] } : e));
    expect(startingPoints(withoutEasy).find((p) => p.track === 'deployment-debugging')?.exercise.id).toBe('dd-hard');
  });

  it('shows to a first visit only: not once dismissed, not once anything was practised', () => {
    expect(showsStartHere(null, [])).toBe(true);
    expect(showsStartHere({ startHereDismissedAt: null }, ['not-started', 'not-started'])).toBe(true);
    expect(showsStartHere({ startHereDismissedAt: null }, ['not-started', 'attempted'])).toBe(false);
    expect(showsStartHere({ startHereDismissedAt: new Date() }, ['not-started'])).toBe(false);
  });
});

describe.each(DIALECTS)('start here on %s', (dialect) => {
  const t = useAppDatabase(dialect);

  it('keeps the first dismissal on the user row, and a guest’s dismissal moves into the account it signs up to', async () => {
    const guest = await t.addUser();
    const account = await t.addUser();
    const { users } = t.tables;
    await t.db.update(users).set({ isGuest: false }).where(eq(users.id, account));
    const first = new Date('2025-05-01T10:00:00Z');
    await dismissStartHere(t.db, guest, first);
    await dismissStartHere(t.db, guest, new Date('2025-05-02T10:00:00Z'));
    expect(await dismissedAt(t, guest)).toEqual(first);
    expect(await dismissedAt(t, account)).toBeNull();
    await mergeGuestIntoUser(t.db, guest, account);
    expect(await dismissedAt(t, account)).toEqual(first);
  });
});
