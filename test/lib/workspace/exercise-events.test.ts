import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { useTempProject } from '@/test/helpers/use-temp-project';

let project: ReturnType<typeof useTempProject>;
let db: Db;
let recordExerciseEvent: typeof import('@/lib/workspace/record-exercise-event').recordExerciseEvent;
let getExerciseProgress: typeof import('@/lib/workspace/get-exercise-progress').getExerciseProgress;

const EXERCISE = '11111111-1111-4111-8111-111111111111';
const OTHER_EXERCISE = '22222222-2222-4222-8222-222222222222';

async function newUser(): Promise<string> {
  const { createGuest } = await import('@/lib/auth/guest-user');
  return createGuest(db).id;
}

beforeAll(async () => {
  project = useTempProject();
  db = (await import('@/db/client')).getDb();
  ({ recordExerciseEvent } = await import('@/lib/workspace/record-exercise-event'));
  ({ getExerciseProgress } = await import('@/lib/workspace/get-exercise-progress'));
});
afterAll(() => project.cleanup());

describe('exercise events', () => {
  it('starts with nothing revealed or solved, also for an unknown user', async () => {
    const user = await newUser();
    expect(getExerciseProgress(db, user, EXERCISE)).toEqual({ hintsRevealed: 0, solutionRevealed: false, solved: false, solvedAt: null });
    expect(getExerciseProgress(db, undefined, EXERCISE).solved).toBe(false);
  });

  it('records each milestone once, when it first happens', async () => {
    const user = await newUser();
    expect(recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 1 })).toBe(true);
    expect(recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 1 })).toBe(false);
    expect(recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 2 })).toBe(true);
    expect(recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'solution_revealed' })).toBe(true);
    expect(recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'solved' })).toBe(true);
    expect(recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'solved' })).toBe(false);
    const progress = getExerciseProgress(db, user, EXERCISE);
    expect(progress).toMatchObject({ hintsRevealed: 2, solutionRevealed: true, solved: true });
    expect(progress.solvedAt).toBeInstanceOf(Date);
    const rows = db.$client.prepare('SELECT kind, hint_number FROM exercise_events WHERE user_id = ? ORDER BY id').all(user);
    expect(rows).toEqual([
      { kind: 'hint_revealed', hint_number: 1 },
      { kind: 'hint_revealed', hint_number: 2 },
      { kind: 'solution_revealed', hint_number: 0 },
      { kind: 'solved', hint_number: 0 },
    ]);
  });

  it('keeps users and exercises apart', async () => {
    const first = await newUser();
    const second = await newUser();
    expect(recordExerciseEvent(db, { userId: first, exerciseId: EXERCISE, kind: 'solved' })).toBe(true);
    expect(recordExerciseEvent(db, { userId: first, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 1 })).toBe(true);
    expect(getExerciseProgress(db, first, EXERCISE)).toMatchObject({ solved: true, hintsRevealed: 1 });
    expect(getExerciseProgress(db, second, EXERCISE)).toEqual({ hintsRevealed: 0, solutionRevealed: false, solved: false, solvedAt: null });
    expect(getExerciseProgress(db, first, OTHER_EXERCISE)).toEqual({ hintsRevealed: 0, solutionRevealed: false, solved: false, solvedAt: null });
    // The first user's milestone does not count as the second's: the second records their own.
    expect(recordExerciseEvent(db, { userId: second, exerciseId: EXERCISE, kind: 'solved' })).toBe(true);
    expect(getExerciseProgress(db, second, EXERCISE).solved).toBe(true);
  });
});
