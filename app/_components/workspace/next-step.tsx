import Link from 'next/link';
import type { NextStep } from '@/lib/progress/get-next-step';
import { relativeDay } from '../dashboard/format';

export interface NextStepView extends NextStep {
  track: { label: string; url: string };
}

/** After a passing submit: the next exercise of the track, back to the track, and when this one comes back for review. */
export function NextStepPanel({ step }: { step: NextStepView }) {
  const { next, track, reviewDay, today, unsolvedInTrack } = step;
  return (
    <section className="next-step" aria-labelledby="next-step-title">
      <h3 id="next-step-title" className="next-step-title">
        What next
      </h3>
      <div className="next-step-actions">
        {next ? (
          <Link href={next.url} className="button">
            Next in {track.label}: {next.title}
          </Link>
        ) : null}
        <Link href={track.url} className={next ? 'button button-secondary' : 'button'}>
          Back to {track.label}
        </Link>
      </div>
      <ul className="next-step-notes">
        {next ? (
          <li>
            {next.title} is {next.difficulty}, about {next.minutes} min, and its prerequisites are solved.
          </li>
        ) : (
          <li>
            {unsolvedInTrack === 0
              ? `You have solved every exercise of ${track.label}.`
              : `The ${unsolvedInTrack} unsolved ${unsolvedInTrack === 1 ? 'exercise' : 'exercises'} of ${track.label} need prerequisites you have not solved yet: the track page shows them.`}
          </li>
        )}
        {reviewDay && (
          <li>
            Review: this exercise comes back {relativeDay(reviewDay, today)} (<time dateTime={reviewDay}>{reviewDay}</time>) in your{' '}
            <Link href="/dashboard">review queue</Link>. Solve it again from the starter then; each review that passes brings it back later, one that
            fails brings it back the next day.
          </li>
        )}
      </ul>
    </section>
  );
}
