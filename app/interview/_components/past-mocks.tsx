import Link from 'next/link';
import { formatDateTime, percent } from '@/app/_components/dashboard/format';
import type { InterviewSummary } from '@/lib/interview/list-interviews';
import { trackLabel } from './labels';
import { ScoreTrend } from './score-trend';

/** Finished mocks, newest first: date, track, length, exercises passed and score, each opening its report. */
export function PastMocksTable({ mocks, timeZone }: { mocks: InterviewSummary[]; timeZone: string }) {
  if (mocks.length === 0) return <p className="dash-help">Your finished mocks and their reports will show here.</p>;
  return (
    <div className="table-scroll">
      <table className="data-grid" data-testid="past-mocks">
        <caption className="visually-hidden">Your finished mock interviews</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Track</th>
            <th scope="col">Length</th>
            <th scope="col">Exercises passed</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {mocks.map((mock) => (
            <tr key={mock.id}>
              <th scope="row">
                <Link href={`/interview/${mock.id}`}>
                  <time dateTime={mock.startedAt}>{formatDateTime(new Date(mock.startedAt), timeZone)}</time>
                </Link>
              </th>
              <td>{trackLabel(mock.track)}</td>
              <td>{mock.minutes} min</td>
              <td>
                {mock.passed} of {mock.exercises}
              </td>
              <td>{mock.score === null ? '–' : `${percent(mock.score)} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The dashboard's panel: the score trend over finished mocks and the table of them. */
export function PastMocksSection({ mocks, timeZone }: { mocks: InterviewSummary[]; timeZone: string }) {
  const finished = mocks.filter((m) => m.phase === 'finished');
  const points = [...finished].reverse().map((m, i) => ({ n: i + 1, score: percent(m.score ?? 0), date: formatDateTime(new Date(m.startedAt), timeZone), track: trackLabel(m.track) }));
  return (
    <section className="panel dash-panel" aria-labelledby="mocks-title" data-testid="mocks-section">
      <h2 id="mocks-title" className="panel-title">
        Mock interviews <span className="panel-note">{finished.length} finished</span>
      </h2>
      {points.length >= 2 && <ScoreTrend points={points} />}
      <PastMocksTable mocks={finished} timeZone={timeZone} />
      <p className="dash-help">
        <Link href="/interview">{mocks.some((m) => m.phase !== 'finished') ? 'Continue your mock' : 'Start a mock interview'}</Link>: a timed set of
        exercises and questions, then a report of what held and what broke.
      </p>
    </section>
  );
}
