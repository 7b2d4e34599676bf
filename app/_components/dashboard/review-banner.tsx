import Link from 'next/link';

/** Shown on an exercise opened from the review queue: a fresh attempt from the starter code. */
export function ReviewBanner({ exerciseUrl }: { exerciseUrl: string }) {
  return (
    <section className="notice review-banner" aria-label="Review">
      <strong>Review.</strong> Solve it again from the starter code and Submit: a pass spaces the next review further out, a fail brings it
      back tomorrow. Your earlier solutions are in History; the reference solution is hidden until you{' '}
      <Link href={exerciseUrl}>leave review mode</Link>.
    </section>
  );
}
