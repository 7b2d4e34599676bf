import type { ExerciseHistory } from './exercise-history';
import { toLocalDay, type LocalDay } from './local-day';

/** Graded attempts (runs and submits) per local day of `timeZone`. */
export function countActivity(histories: Iterable<ExerciseHistory>, timeZone: string): Map<LocalDay, number> {
  const counts = new Map<LocalDay, number>();
  for (const history of histories) {
    for (const attempt of history.attempts) {
      const day = toLocalDay(attempt.at, timeZone);
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
  }
  return counts;
}
