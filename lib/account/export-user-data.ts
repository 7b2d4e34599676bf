import { parseEditorPreferences } from '@/lib/account/editor-preferences-schema';
import { asc, eq, inArray } from 'drizzle-orm';
import Papa from 'papaparse';
import { tablesOf, type AppDb } from '@/db/app-db';
import { getCatalog } from '@/lib/exercises/catalog';
import { parseStoredTests } from '@/lib/submissions/parse-stored-tests';

function exerciseNames(): Map<string, { slug: string; track: string; title: string }> {
  try {
    return new Map(getCatalog().map((e) => [e.meta.uuid, { slug: e.meta.slug, track: e.meta.track, title: e.meta.title }]));
  } catch {
    return new Map();
  }
}

/** Everything stored about one user, as plain JSON (their own rows only; no password hash, no sessions). */
export async function exportUserData(db: AppDb, userId: string) {
  const { drafts, exerciseEvents, submissions, users } = tablesOf(db);
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  const [draftRows, submissionRows, eventRows] = await Promise.all([
    db.select().from(drafts).where(eq(drafts.userId, userId)).orderBy(asc(drafts.updatedAt)),
    db.select().from(submissions).where(eq(submissions.userId, userId)).orderBy(asc(submissions.createdAt)),
    db.select().from(exerciseEvents).where(eq(exerciseEvents.userId, userId)).orderBy(asc(exerciseEvents.createdAt)),
  ]);
  const names = exerciseNames();
  const exercise = (id: string) => ({ exerciseId: id, exercise: names.get(id) ?? null });
  return {
    format: 'ml-practice-studio-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    account: user
      ? { email: user.email, name: user.name, guest: user.isGuest, createdAt: user.createdAt.toISOString(), timeZone: user.timeZone, editorPreferences: parseEditorPreferences(user.editorPreferences) }
      : null,
    drafts: draftRows.map((d) => ({ ...exercise(d.exerciseId), code: d.code, version: d.version, updatedAt: d.updatedAt.toISOString() })),
    submissions: submissionRows.map((s) => ({
        id: s.id,
        ...exercise(s.exerciseId),
        mode: s.mode,
        status: s.status,
        message: s.message,
        createdAt: s.createdAt.toISOString(),
        durationMs: s.durationMs,
        resultVersion: s.resultVersion,
        tests: parseStoredTests(s.testsJson),
        code: s.code,
        interviewId: s.interviewId,
        autoSubmitted: s.autoSubmitted,
      })),
    events: eventRows.map((e) => ({ ...exercise(e.exerciseId), kind: e.kind, hintNumber: e.hintNumber, submissionId: e.submissionId, createdAt: e.createdAt.toISOString() })),
    interviews: await exportInterviews(db, userId, exercise),
  };
}

/** The user's mock interviews with their exercises (outcome, the mock's draft) and answers. */
async function exportInterviews(db: AppDb, userId: string, exercise: (id: string) => { exerciseId: string; exercise: unknown }) {
  const { interviewExercises, interviewQuestions, interviews } = tablesOf(db);
  const rows = await db.select().from(interviews).where(eq(interviews.userId, userId)).orderBy(asc(interviews.startedAt));
  const ids = rows.map((r) => r.id);
  const exerciseRows = ids.length ? await db.select().from(interviewExercises).where(inArray(interviewExercises.interviewId, ids)).orderBy(asc(interviewExercises.position)) : [];
  const questionRows = ids.length ? await db.select().from(interviewQuestions).where(inArray(interviewQuestions.interviewId, ids)).orderBy(asc(interviewQuestions.position)) : [];
  return rows.map((r) => ({
    id: r.id,
    track: r.track,
    minutes: r.minutes,
    seed: r.seed,
    startedAt: r.startedAt.toISOString(),
    deadlineAt: r.deadlineAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    endedBy: r.endedBy,
    score: r.score,
    exercises: exerciseRows
      .filter((e) => e.interviewId === r.id)
      .map((e) => ({ ...exercise(e.exerciseId), passed: e.passed, draft: e.draftCode, draftUpdatedAt: e.draftUpdatedAt?.toISOString() ?? null })),
    questions: questionRows
      .filter((q) => q.interviewId === r.id)
      .map((q) => ({ ...exercise(q.exerciseId), questionId: q.questionId, answer: q.answerJson === null ? null : (JSON.parse(q.answerJson) as unknown), correct: q.correct })),
  }));
}

export type UserExport = Awaited<ReturnType<typeof exportUserData>>;

export const SUBMISSION_CSV_COLUMNS = [
  'id', 'created_at', 'exercise_id', 'track', 'exercise', 'mode', 'status', 'tests_passed', 'tests_total', 'duration_ms', 'message', 'code',
] as const;

/**
 * A cell a spreadsheet would run as a formula (starting with = + - @, a tab or a return) gets a
 * leading apostrophe. Done here rather than by papaparse's escapeFormulae, which misses
 * multi-line values such as code.
 */
function safeCell(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The user's submissions as CSV (one row each, oldest first); formula-like cells are escaped. */
export function submissionsCsv(data: UserExport): string {
  const rows = data.submissions.map((s) => [
    s.id,
    s.createdAt,
    s.exerciseId,
    s.exercise?.track ?? '',
    s.exercise?.slug ?? '',
    s.mode,
    s.status,
    s.tests.filter((t) => t.status === 'pass').length,
    s.tests.length,
    s.durationMs,
    s.message ?? '',
    s.code,
  ].map(safeCell));
  return Papa.unparse({ fields: [...SUBMISSION_CSV_COLUMNS], data: rows }, { newline: '\r\n' });
}
