import type { CatalogEntry } from './exercise-history';
import { toLocalDay } from './local-day';
import type { ExerciseProgress } from './summarize-exercise';

export interface ReviewItem {
  exercise: CatalogEntry;
  due: Date;
  dueDay: string;
  lastReviewAt: Date;
  reviews: number;
  lastRating: 'again' | 'hard' | 'good';
  retrievability: number;
}

export interface ReviewQueue {
  /** Due now, most overdue first. */
  due: ReviewItem[];
  /** Not due yet, soonest first. */
  upcoming: ReviewItem[];
}

/** Solved exercises ordered by their FSRS due time, split into due today (or earlier) and coming up. */
export function buildReviewQueue(
  catalog: CatalogEntry[],
  progress: ReadonlyMap<string, ExerciseProgress>,
  now: Date,
  timeZone: string,
  upcomingLimit = 5,
): ReviewQueue {
  const today = toLocalDay(now, timeZone);
  const items: ReviewItem[] = [];
  for (const exercise of catalog) {
    const review = progress.get(exercise.id)?.review;
    if (!review) continue;
    const last = review.log.at(-1)!;
    items.push({
      exercise,
      due: review.due,
      dueDay: review.dueDay,
      lastReviewAt: last.at,
      reviews: review.log.length,
      lastRating: last.rating,
      retrievability: review.retrievability,
    });
  }
  items.sort((a, b) => a.due.getTime() - b.due.getTime() || a.exercise.title.localeCompare(b.exercise.title));
  return {
    due: items.filter((item) => item.dueDay <= today),
    upcoming: items.filter((item) => item.dueDay > today).slice(0, upcomingLimit),
  };
}
