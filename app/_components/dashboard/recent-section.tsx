import Link from 'next/link';
import type { RecentAttempt } from '@/lib/progress/get-dashboard';
import type { GroupMastery } from '@/lib/progress/compute-mastery';
import { formatDateTime, percent, VERDICT_LABEL } from './format';

/** The last attempts with their verdicts, each linking to the stored submission. */
export function RecentSection({ recent, timeZone }: { recent: RecentAttempt[]; timeZone: string }) {
  return (
    <section className="panel dash-panel" aria-labelledby="recent-title">
      <h2 id="recent-title" className="panel-title">
        Recent attempts
      </h2>
      {recent.length === 0 ? (
        <p className="dash-help">Your runs and submits will show here.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-grid recent-table">
            <caption className="visually-hidden">Your most recent runs and submits</caption>
            <thead>
              <tr>
                <th scope="col">Exercise</th>
                <th scope="col">Mode</th>
                <th scope="col">Verdict</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((attempt) => (
                <tr key={attempt.submissionId}>
                  <th scope="row">
                    <Link href={`/submissions/${attempt.submissionId}`}>{attempt.exercise.title}</Link>
                  </th>
                  <td>{attempt.mode === 'submit' ? 'Submit' : 'Run'}</td>
                  <td>
                    <span className="verdict" data-status={attempt.status}>
                      {VERDICT_LABEL[attempt.status]}
                    </span>
                  </td>
                  <td>
                    <time dateTime={attempt.at.toISOString()}>{formatDateTime(attempt.at, timeZone)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Skills worked on with the lowest mastery, with a link to practise them. */
export function WeakestSkills({ skills }: { skills: (GroupMastery & { failedSubmits: number })[] }) {
  return (
    <section className="panel dash-panel" aria-labelledby="weakest-title">
      <h2 id="weakest-title" className="panel-title">
        Weakest skills
      </h2>
      {skills.length === 0 ? (
        <p className="dash-help">Attempt a few exercises and your weakest skills will show here.</p>
      ) : (
        <ol className="weak-list">
          {skills.map((skill) => (
            <li key={skill.key}>
              <Link href={`/?skill=${encodeURIComponent(skill.key)}`}>{skill.label}</Link>
              <span className="weak-meta">
                {percent(skill.mastery)} % mastery · {skill.solved} of {skill.total} solved
                {skill.failedSubmits > 0 && ` · ${skill.failedSubmits} failed ${skill.failedSubmits === 1 ? 'submit' : 'submits'}`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
