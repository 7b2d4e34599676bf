import Link from 'next/link';
import { formatDateTime, percent, VERDICT_LABEL } from '@/app/_components/dashboard/format';
import { Markdown } from '@/app/_components/markdown';
import type { ExerciseVerdict, QuestionOutcome } from '@/lib/interview/compute-report';
import type { InterviewReport } from '@/lib/interview/get-interview-report';
import { formatDuration, trackLabel } from './labels';

const verdictLabel = (verdict: ExerciseVerdict) => (verdict === 'not-submitted' ? 'Not submitted' : VERDICT_LABEL[verdict]);

function answerText(outcome: QuestionOutcome, answer: number | number[] | null): string {
  if (answer === null) return 'No answer';
  const { question } = outcome;
  if (question.kind === 'number') return String(answer);
  const picked = Array.isArray(answer) ? answer : [answer];
  return picked.map((i) => question.choices[i] ?? `choice ${i + 1}`).join('; ');
}

function correctText(outcome: QuestionOutcome): string {
  const { question } = outcome;
  if (question.kind === 'number') return question.tolerance > 0 ? `${question.answer} (± ${question.tolerance})` : String(question.answer);
  return answerText(outcome, question.answer);
}

/** The report of a finished mock: verdicts, answers, skills that held and broke, what to practise, and the unlocked explanations. */
export function ReportView({ report, timeZone }: { report: InterviewReport; timeZone: string }) {
  const explanationOf = new Map(report.explanations.map((e) => [e.exerciseId, e]));
  const right = report.questions.filter((q) => q.correct).length;
  return (
    <article className="container dashboard mock-report" data-testid="mock-report">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link href="/interview">Mock interviews</Link>
          </li>
          <li aria-current="page">Report</li>
        </ol>
      </nav>
      <header className="dash-header">
        <div>
          <p className="eyebrow">Mock interview report</p>
          <h1>
            {trackLabel(report.track)}, {report.minutes} minutes
          </h1>
          <p className="muted">
            Started <time dateTime={report.startedAt}>{formatDateTime(new Date(report.startedAt), timeZone)}</time>;{' '}
            {report.endedBy === 'time-up' ? 'ended when time ran out' : 'finished early'}.
          </p>
        </div>
        <dl className="dash-stats">
          <div>
            <dt>Score</dt>
            <dd data-testid="mock-score">{percent(report.score)} %</dd>
          </div>
          <div>
            <dt>Exercises passed</dt>
            <dd>
              {report.exercises.filter((e) => e.passed).length} <span>of {report.exercises.length}</span>
            </dd>
          </div>
          <div>
            <dt>Questions right</dt>
            <dd>
              {right} <span>of {report.questions.length}</span>
            </dd>
          </div>
        </dl>
      </header>

      <section className="panel dash-panel" aria-labelledby="exercises-title">
        <h2 id="exercises-title" className="panel-title">
          Exercises
        </h2>
        <div className="table-scroll">
          <table className="data-grid" data-testid="report-exercises">
            <thead>
              <tr>
                <th scope="col">Exercise</th>
                <th scope="col">Verdict</th>
                <th scope="col">Tests passed</th>
                <th scope="col">Hidden tests</th>
                <th scope="col">Time used</th>
                <th scope="col">Runs</th>
                <th scope="col">Submits</th>
              </tr>
            </thead>
            <tbody>
              {report.exercises.map((o) => (
                <tr key={o.exercise.id}>
                  <th scope="row">
                    <Link href={o.exercise.url}>{o.exercise.title}</Link>
                  </th>
                  <td>
                    <span className="verdict" data-status={o.verdict === 'not-submitted' ? 'fail' : o.verdict}>
                      {verdictLabel(o.verdict)}
                    </span>
                    {o.autoSubmitted && <p className="muted small">Submitted automatically when time ran out</p>}
                  </td>
                  <td>{o.tests.total > 0 ? `${o.tests.passed} of ${o.tests.total}` : '–'}</td>
                  <td>
                    {o.hiddenTests.length === 0 ? (
                      '–'
                    ) : (
                      <>
                        {o.hiddenTests.filter((t) => t.passed).length} of {o.hiddenTests.length}
                        <ul className="hidden-tests">
                          {o.hiddenTests.map((t) => (
                            <li key={t.name} data-passed={t.passed}>
                              <span aria-hidden="true">{t.passed ? '✓' : '✗'}</span> <span className="visually-hidden">{t.passed ? 'passed:' : 'failed:'}</span> {t.name}
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                  </td>
                  <td>{o.timeUsedMs === null ? '–' : formatDuration(o.timeUsedMs)}</td>
                  <td>{o.runs}</td>
                  <td>{o.submits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="dash-help">
          Time used runs from the start of the mock to the submit that decided the verdict (the first that passed, else the last). Exercises you did not pass
          are in the review queue on your <Link href="/dashboard">dashboard</Link> until you pass them.
        </p>
      </section>

      <section className="panel dash-panel" aria-labelledby="questions-title">
        <h2 id="questions-title" className="panel-title">
          Questions <span className="panel-note">{right} right</span>
        </h2>
        <ol className="report-questions">
          {report.questions.map((q, i) => (
            <li key={i} data-correct={q.correct} data-testid="report-question">
              <p className="question-verdict">
                <strong>{q.correct ? 'Right' : 'Wrong'}</strong>
              </p>
              <Markdown>{q.question.prompt}</Markdown>
              <dl className="answer-facts">
                <div>
                  <dt>Your answer</dt>
                  <dd>{answerText(q, q.answer)}</dd>
                </div>
                <div>
                  <dt>Correct answer</dt>
                  <dd>{correctText(q)}</dd>
                </div>
              </dl>
              <p className="question-explanation">{q.question.explanation}</p>
            </li>
          ))}
        </ol>
      </section>

      <div className="dash-columns">
        <section className="panel dash-panel" aria-labelledby="held-title">
          <h2 id="held-title" className="panel-title">
            Skills that held
          </h2>
          {report.skillsHeld.length === 0 ? (
            <p className="dash-help">None held without a slip this time.</p>
          ) : (
            <ul className="skill-list" data-testid="skills-held">
              {report.skillsHeld.map((s) => (
                <li key={s.skill}>
                  {s.label} <span className="muted">({s.held} right)</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel dash-panel" aria-labelledby="broke-title">
          <h2 id="broke-title" className="panel-title">
            Skills that broke
          </h2>
          {report.skillsBroke.length === 0 ? (
            <p className="dash-help">Nothing broke. Try a longer mock or a harder track.</p>
          ) : (
            <ul className="skill-list" data-testid="skills-broke">
              {report.skillsBroke.map((s) => (
                <li key={s.skill}>
                  {s.label}{' '}
                  <span className="muted">
                    ({s.broke} wrong{s.held > 0 ? `, ${s.held} right` : ''})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="panel dash-panel" aria-labelledby="next-title">
        <h2 id="next-title" className="panel-title">
          What to practise next
        </h2>
        {report.practiseNext.length === 0 ? (
          <p className="dash-help">Everything held. The dashboard recommends what to take on next.</p>
        ) : (
          <ul className="practise-next">
            {report.practiseNext.map((p) => (
              <li key={p.exercise.id}>
                <Link href={p.exercise.url}>{p.exercise.title}</Link> <span className="muted">({p.exercise.minutes} min)</span>: {p.reason}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel dash-panel" aria-labelledby="explanations-title" data-testid="report-explanations">
        <h2 id="explanations-title" className="panel-title">
          Explanations and interview follow-ups
        </h2>
        {report.exercises.map(({ exercise }) => {
          const explained = explanationOf.get(exercise.id);
          if (!explained) return null;
          return (
            <details key={exercise.id} className="explanation" open>
              <summary>{exercise.title}</summary>
              <Markdown>{explained.explanation}</Markdown>
              {explained.followUps && (
                <>
                  <h3>Interview follow-ups</h3>
                  <Markdown>{explained.followUps}</Markdown>
                </>
              )}
            </details>
          );
        })}
      </section>
    </article>
  );
}
