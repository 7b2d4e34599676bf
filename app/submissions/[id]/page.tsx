import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { formatDateTime, VERDICT_LABEL } from '@/app/_components/dashboard/format';
import { HighlightedCode } from '@/app/_components/highlighted-code';
import { getAppDb } from '@/db/app-db';
import { pageTimeZone } from '@/lib/account/page-time-zone';
import { getCurrentUser } from '@/lib/auth/current-user';
import { hasErrorCode } from '@/lib/errors';
import { getCatalog, toPublicExercise } from '@/lib/exercises/catalog';
import { findExerciseLock } from '@/lib/interview/exercise-lock';
import { getSubmissionForUserOrThrow } from '@/lib/submissions/get-submission';
import type { StoredSubmission } from '@/lib/submissions/stored-submission';
import '@/app/styles/dashboard.css';

export const metadata: Metadata = { title: 'Submission' };
export const dynamic = 'force-dynamic';

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user } = await getCurrentUser();
  if (!user) notFound();
  const db = await getAppDb();
  let submission: StoredSubmission;
  try {
    submission = await getSubmissionForUserOrThrow(db, user.id, id);
  } catch (error) {
    if (hasErrorCode(error, 'not_found')) notFound();
    throw error;
  }
  // An earlier attempt of an exercise in the user's running mock stays locked until it ends.
  const lock = await findExerciseLock(db, user.id, submission.exerciseId);
  if (lock) redirect(`/interview/${lock.interviewId}`);
  const exercise = getCatalog().map(toPublicExercise).find((e) => e.id === submission.exerciseId);
  const timeZone = await pageTimeZone(user);
  const { result } = submission;
  const passed = result.tests.filter((t) => t.status === 'pass').length;

  return (
    <article className="container dashboard submission-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link href="/dashboard">Dashboard</Link>
          </li>
          <li aria-current="page">Submission</li>
        </ol>
      </nav>
      <header className="dash-header">
        <div>
          <p className="eyebrow">{submission.mode === 'submit' ? 'Submit' : 'Run'}</p>
          <h1>{exercise?.title ?? 'An exercise no longer in the catalog'}</h1>
          <p className="dash-help">
            <time dateTime={submission.createdAt}>{formatDateTime(new Date(submission.createdAt), timeZone)}</time> ·{' '}
            {result.durationMs} ms
          </p>
        </div>
        <p>
          <span className="verdict" data-status={result.status}>
            {VERDICT_LABEL[result.status]}
          </span>{' '}
          {result.tests.length > 0 && (
            <span>
              {passed} of {result.tests.length} tests passed
            </span>
          )}
        </p>
      </header>
      {result.message && <p className="notice">{result.message}</p>}
      {result.tests.length > 0 && (
        <section className="panel dash-panel" aria-labelledby="tests-title">
          <h2 id="tests-title" className="panel-title">
            Tests
          </h2>
          <div className="table-scroll">
            <table className="data-grid">
              <thead>
                <tr>
                  <th scope="col">Test</th>
                  <th scope="col">Result</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {result.tests.map((test) => (
                  <tr key={test.id}>
                    <th scope="row">{test.name}</th>
                    <td>
                      <span className="verdict" data-status={test.status}>
                        {VERDICT_LABEL[test.status]}
                      </span>
                    </td>
                    <td className="test-message">{test.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <section className="panel dash-panel" aria-labelledby="code-title">
        <h2 id="code-title" className="panel-title">
          Code
        </h2>
        <HighlightedCode code={submission.code} language="ts" />
      </section>
      {exercise && (
        <p>
          <Link href={exercise.url} className="button">
            Open the exercise
          </Link>
        </p>
      )}
    </article>
  );
}
