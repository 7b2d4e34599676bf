import Link from 'next/link';
import { DifficultyBadge } from '@/app/_components/difficulty-badge';
import { TrackBadge } from '@/app/_components/track-badge';
import type { ReviewQueue } from '@/lib/progress/build-review-queue';
import type { CatalogEntry } from '@/lib/progress/exercise-history';
import type { Recommendation } from '@/lib/progress/recommend-exercise';
import { percent, relativeDay } from './format';

const RATING_LABEL = { again: 'needed another try', hard: 'hard-won', good: 'clean' } as const;

interface Props {
  recommendation: Recommendation | null;
  reviews: ReviewQueue;
  today: string;
  /** Exercises failed in a mock interview and not passed since: due for another try. */
  retries?: { exercise: CatalogEntry; failedAt: Date }[];
  /** A mock interview is running: the review queue waits until it ends. */
  locked?: boolean;
}

/** The recommended next exercise with its reason, and the review queue. */
export function NextUpSection({ recommendation, reviews, today, retries = [], locked = false }: Props) {
  return (
    <div className="next-up">
      <section className="panel dash-panel recommend" aria-labelledby="recommend-title">
        <h2 id="recommend-title" className="panel-title">
          Recommended next
        </h2>
        {recommendation ? (
          <div className="recommend-body" data-testid="recommendation">
            <div className="badge-row">
              <TrackBadge track={recommendation.exercise.track} />
              <DifficultyBadge difficulty={recommendation.exercise.difficulty} />
            </div>
            <h3>
              <Link href={recommendation.exercise.url}>{recommendation.exercise.title}</Link>
            </h3>
            <p className="recommend-reason">
              <strong>Why:</strong> {recommendation.reason}
            </p>
            <Link href={recommendation.exercise.url} className="button">
              Start: about {recommendation.exercise.minutes} min
            </Link>
          </div>
        ) : (
          <p>You have solved every exercise. Keep them fresh with the review queue.</p>
        )}
      </section>

      <section className="panel dash-panel reviews" aria-labelledby="reviews-title">
        <h2 id="reviews-title" className="panel-title">
          Review queue <span className="panel-note">{reviews.due.length + retries.length} due</span>
        </h2>
        {locked && (
          <p className="dash-help" data-testid="reviews-locked">
            Locked while your <Link href="/interview">mock interview</Link> runs.
          </p>
        )}
        {!locked && retries.length > 0 && (
          <ul className="review-list" aria-label="Failed in a mock interview">
            {retries.map((item) => (
              <li key={item.exercise.id} data-testid="review-retry">
                <div>
                  <Link href={item.exercise.url}>{item.exercise.title}</Link>
                  <p className="review-meta">Not passed in your mock interview {relativeDay(item.failedAt.toISOString().slice(0, 10), today)}</p>
                </div>
                <Link href={item.exercise.url} className="button button-small">
                  Try again
                </Link>
              </li>
            ))}
          </ul>
        )}
        {!locked && reviews.due.length === 0 && reviews.upcoming.length === 0 && retries.length === 0 && (
          <p className="dash-help">Solved exercises come back here for review, spaced out further each time you solve them again.</p>
        )}
        {!locked && reviews.due.length > 0 && (
          <ul className="review-list" aria-label="Due for review">
            {reviews.due.map((item) => (
              <li key={item.exercise.id} data-testid="review-due">
                <div>
                  <Link href={`${item.exercise.url}?review=1`}>{item.exercise.title}</Link>
                  <p className="review-meta">
                    Due {relativeDay(item.dueDay, today)} · last solve {RATING_LABEL[item.lastRating]} · recall {percent(item.retrievability)} %
                  </p>
                </div>
                <Link href={`${item.exercise.url}?review=1`} className="button button-small">
                  Review
                </Link>
              </li>
            ))}
          </ul>
        )}
        {!locked && reviews.upcoming.length > 0 && (
          <>
            <h3 className="subhead">Coming up</h3>
            <ul className="review-list upcoming" aria-label="Coming up for review">
              {reviews.upcoming.map((item) => (
                <li key={item.exercise.id}>
                  <Link href={item.exercise.url}>{item.exercise.title}</Link>
                  <span className="review-meta">{relativeDay(item.dueDay, today)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="dash-help">A review is a fresh, graded submit of the exercise: passing spaces the next one out; failing brings it back tomorrow.</p>
      </section>
    </div>
  );
}
