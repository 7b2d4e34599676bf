import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { getAppDb } from '@/db/app-db';
import { parseEditorPreferences } from '@/lib/account/editor-preferences-schema';
import { effectiveTimeZone } from '@/lib/account/update-time-zone';
import { getCurrentUser } from '@/lib/auth/current-user';
import { hasErrorCode } from '@/lib/errors';
import { getCatalog } from '@/lib/exercises/catalog';
import { findExerciseView } from '@/lib/exercises/find-exercise-view';
import { getInterviewReportOrThrow } from '@/lib/interview/get-interview-report';
import { getInterviewSession, type InterviewSession as Session } from '@/lib/interview/get-interview-session';
import { InterviewSession } from '../_components/interview-session';
import { MockPromptPane } from '../_components/mock-prompt-pane';
import { ReportView } from '../_components/report-view';
import type { ClientSession } from '../_components/session-types';
import '@/app/styles/dashboard.css';
import '@/app/styles/interview.css';

export const metadata: Metadata = { title: 'Mock interview' };
export const dynamic = 'force-dynamic';

function toClientSession(session: Session): ClientSession {
  const starters = new Map(getCatalog().map((e) => [e.meta.uuid, e.starter]));
  return {
    id: session.id,
    phase: session.phase,
    deadlineAt: session.deadlineAt,
    serverNow: session.serverNow,
    exercises: session.exercises.map(({ exercise, draft }) => ({
      id: exercise.id,
      title: exercise.title,
      exports: exercise.exports,
      starter: starters.get(exercise.id) ?? '',
      draft: draft && { code: draft.code, version: draft.version, updatedAt: draft.updatedAt.toISOString() },
    })),
    questions: session.questions.map((q) => ({ ...q, answer: q.answer })),
  };
}

export default async function InterviewIdPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user } = await getCurrentUser();
  const db = await getAppDb();
  let session: Session;
  try {
    session = await getInterviewSession(db, user?.id, id);
  } catch (error) {
    if (hasErrorCode(error, 'not_found') || hasErrorCode(error, 'unprocessable')) notFound();
    throw error;
  }
  if (session.phase === 'finished') {
    const timeZone = effectiveTimeZone(user?.timeZone, (await cookies()).get('tz')?.value);
    return <ReportView report={await getInterviewReportOrThrow(db, user?.id, id)} timeZone={timeZone} />;
  }
  const panes = session.exercises.map(({ exercise }) => {
    const view = findExerciseView(exercise.track, exercise.slug);
    return view ? <MockPromptPane key={exercise.id} view={view} /> : null;
  });
  return (
    <article className="container container-wide exercise mock-page">
      <h1 className="visually-hidden">Mock interview in progress</h1>
      <InterviewSession session={toClientSession(session)} promptPanes={panes} editorPreferences={parseEditorPreferences(user?.editorPreferences)} />
    </article>
  );
}
