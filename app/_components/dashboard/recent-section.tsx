import Link from 'next/link';
import type { RecentAttempt, RecentExercise } from '@/lib/progress/get-dashboard';
import type { GroupMastery } from '@/lib/progress/compute-mastery';
import { formatDateTime, percent, VERDICT_LABEL } from './format';

function Verdict({ attempt }: { attempt: RecentAttempt }) {
  return (
    <span className="verdict" data-status={attempt.status}>
      {VERDICT_LABEL[attempt.status]}
    </span>
  );
}

function When({ attempt, timeZone }: { attempt: RecentAttempt; timeZone: string }) {
  return <time dateTime={attempt.at.toISOString()}>{formatDateTime(attempt.at, timeZone)}</time>;
}

/** One exercise: its latest verdict and time, how many attempts, and the attempts themselves folded. */
function RecentExerciseItem({ item, timeZone }: { item: RecentExercise; timeZone: string }) {
  const latest = item.attempts[0]!;
  const shown = item.attempts.length;
  return (
    <li className="recent-item" data-testid="recent-exercise">
      <div className="recent-head">
        <Link href={item.exercise.url} className="recent-title">
          {item.exercise.title}
        </Link>
        {item.solved && <span className="recent-solved">Solved</span>}
      </div>
      <p className="recent-meta">
        <span>
          {item.totalAttempts} {item.totalAttempts === 1 ? 'attempt' : 'attempts'}
        </span>
        <span>
          latest {latest.mode === 'submit' ? 'submit' : 'run'} <Verdict attempt={latest} />
        </span>
        <When attempt={latest} timeZone={timeZone} />
      </p>
      <details className="recent-attempts">
        <summary>
          {shown < item.totalAttempts ? `The last ${shown} attempts` : shown === 1 ? 'The attempt' : `All ${shown} attempts`}
          <span className="visually-hidden"> at {item.exercise.title}</span>
        </summary>
        <ol className="attempt-list">
          {item.attempts.map((attempt) => (
            <li key={attempt.submissionId}>
              <Link href={`/submissions/${attempt.submissionId}`}>{attempt.mode === 'submit' ? 'Submit' : 'Run'}</Link>
              <Verdict attempt={attempt} />
              <When attempt={attempt} timeZone={timeZone} />
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}

/** The exercises worked on last, newest first, each with its attempts grouped under it. */
export function RecentSection({ recent, timeZone }: { recent: RecentExercise[]; timeZone: string }) {
  return (
    <section className="panel dash-panel" aria-labelledby="recent-title">
      <h2 id="recent-title" className="panel-title">
        Recent attempts
      </h2>
      {recent.length === 0 ? (
        <p className="dash-help">Your runs and submits will show here.</p>
      ) : (
        <ol className="recent-list">
          {recent.map((item) => (
            <RecentExerciseItem key={item.exercise.id} item={item} timeZone={timeZone} />
          ))}
        </ol>
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
