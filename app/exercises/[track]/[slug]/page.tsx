import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { DataPreviewView } from '@/app/_components/data-preview';
import { DifficultyBadge } from '@/app/_components/difficulty-badge';
import { ClockIcon } from '@/app/_components/icons';
import { Markdown } from '@/app/_components/markdown';
import { TrackBadge } from '@/app/_components/track-badge';
import { HighlightedCode } from '@/app/_components/highlighted-code';
import { HintsSection } from '@/app/_components/workspace/hints-section';
import { RevealSolutionButton } from '@/app/_components/workspace/reveal-solution-button';
import { ReviewBanner } from '@/app/_components/dashboard/review-banner';
import { Workspace } from '@/app/_components/workspace/workspace';
import { getAppDb } from '@/db/app-db';
import { parseEditorPreferences } from '@/lib/account/editor-preferences-schema';
import { pageTimeZone } from '@/lib/account/page-time-zone';
import { getCurrentUser } from '@/lib/auth/current-user';
import { findExercise } from '@/lib/exercises/catalog';
import { findExerciseLock } from '@/lib/interview/exercise-lock';
import { getWorkspaceState } from '@/lib/workspace/get-workspace-state';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { getNextStep } from '@/lib/progress/get-next-step';
import { catalogHref } from '@/lib/exercises/catalog-href';
import { findExerciseView } from '@/lib/exercises/find-exercise-view';
import { skillLabel, TRACK_INFO } from '@/lib/exercises/track-info';

// Reads the exercise's files at request time.
export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ track: string; slug: string }>;
  searchParams: Promise<{ review?: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { track, slug } = await params;
  const view = findExerciseView(track, slug);
  return view ? { title: view.exercise.title, description: view.exercise.blurb } : { title: 'Exercise not found' };
}

export default async function ExercisePage({ params, searchParams }: Props) {
  const { track, slug } = await params;
  const view = findExerciseView(track, slug);
  if (!view) notFound();
  const { exercise, prompt, starter, dataPreviews, prerequisites } = view;
  const { user } = await getCurrentUser();
  // Part of the user's running mock: its hints, solution and history wait; the mock is where to work on it.
  const db = await getAppDb();
  const lock = await findExerciseLock(db, user?.id, exercise.id);
  if (lock) redirect(`/interview/${lock.interviewId}`);
  const timeZone = await pageTimeZone(user);
  const state = await getWorkspaceState(db, user?.id, findExercise(track, slug)!, timeZone);
  // From the review queue: a fresh attempt from the starter, with the solution out of sight.
  const reviewing = (await searchParams).review === '1' && state.progress.solved;
  const trackLink = { label: TRACK_INFO[exercise.track].label, url: catalogHref({ track: exercise.track }) };
  const nextStep = user && state.progress.solved ? { ...(await getNextStep(db, user.id, exercise, listExercisesOrThrow(), timeZone)), track: trackLink } : null;

  const promptPane = (
    <div className="prompt-pane">
      <header className="exercise-header">
        <div className="badge-row">
          <TrackBadge track={exercise.track} />
          <DifficultyBadge difficulty={exercise.difficulty} />
          <span className="meta-item">
            <ClockIcon /> About {exercise.minutes} min
          </span>
        </div>
        <h1>{exercise.title}</h1>
        <p className="lede">{exercise.blurb}</p>
        <dl className="facts">
          <div>
            <dt>Skills</dt>
            <dd>
              <ul className="chips">
                {exercise.skills.map((skill) => (
                  <li key={skill}>
                    <Link href={catalogHref({ skill })} className="chip chip-small">
                      {skillLabel(skill)}
                    </Link>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>Prerequisites</dt>
            <dd>
              {prerequisites.length === 0 ? (
                <span className="muted">None</span>
              ) : (
                <ul className="inline-list">
                  {prerequisites.map((p) => (
                    <li key={p.slug}>
                      <Link href={p.url}>{p.title}</Link>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </header>

      <section className="panel" aria-labelledby="task-title">
        <h2 id="task-title" className="panel-title">
          Task
        </h2>
        <Markdown>{prompt}</Markdown>
      </section>

      {dataPreviews.length > 0 && (
        <section className="panel" aria-labelledby="data-title">
          <h2 id="data-title" className="panel-title">
            Data
          </h2>
          {dataPreviews.map((preview) => (
            <DataPreviewView key={preview.name} preview={preview} />
          ))}
        </section>
      )}

      {reviewing && <ReviewBanner exerciseUrl={exercise.url} />}

      <HintsSection key={state.hints.length} exerciseId={exercise.id} initial={state.hints} total={state.hintCount} />

      <section className="panel solution" aria-labelledby="solution-title" id="solution">
        <h2 id="solution-title" className="panel-title">
          Solution
        </h2>
        {reviewing ? (
          <p className="muted">Hidden while you review.</p>
        ) : state.solution ? (
          <>
            <p className="muted">
              {state.progress.solved ? 'You solved this exercise. Here is the reference solution and why it works.' : 'You chose to see the solution before solving.'}
            </p>
            <HighlightedCode code={state.solution.code} language="ts" />
            <Markdown>{state.solution.explanation}</Markdown>
            {state.solution.followUps && (
              <>
                <h3>Interview follow-ups</h3>
                <Markdown>{state.solution.followUps}</Markdown>
              </>
            )}
          </>
        ) : (
          <RevealSolutionButton exerciseId={exercise.id} />
        )}
      </section>
    </div>
  );

  return (
    <article className="container container-wide exercise" data-track={exercise.track}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link href="/">Exercises</Link>
          </li>
          <li>
            <Link href={trackLink.url}>{trackLink.label}</Link>
          </li>
          <li aria-current="page">{exercise.title}</li>
        </ol>
      </nav>
      <Workspace
        exercise={{ id: exercise.id, title: exercise.title, exports: exercise.exports }}
        starter={starter}
        draft={state.draft && { code: reviewing ? starter : state.draft.code, version: state.draft.version, updatedAt: state.draft.updatedAt.toISOString() }}
        promptPane={promptPane}
        editorPreferences={parseEditorPreferences(user?.editorPreferences)}
        nextStep={nextStep}
      />
    </article>
  );
}
