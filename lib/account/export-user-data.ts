import { asc, eq, inArray } from 'drizzle-orm';
import Papa from 'papaparse';
import type { Db } from '@/db/client';
import { drafts, exerciseEvents, interviewExercises, interviewQuestions, interviews, submissions, users } from '@/db/schema';
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
export function exportUserData(db: Db, userId: string) {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  const names = exerciseNames();
  const exercise = (id: string) => ({ exerciseId: id, exercise: names.get(id) ?? null });
  return {
    format: 'ml-practice-studio-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    account: user
      ? { email: user.email, name: user.name, guest: user.isGuest, createdAt: user.createdAt.toISOString(), timeZone: user.timeZone }
      : null,
    drafts: db
      .select()
      .from(drafts)
      .where(eq(drafts.userId, userId))
      .orderBy(asc(drafts.updatedAt))
      .all()
      .map((d) => ({ ...exercise(d.exerciseId), code: d.code, version: d.version, updatedAt: d.updatedAt.toISOString() })),
    submissions: db
      .select()
      .from(submissions)
      .where(eq(submissions.userId, userId))
      .orderBy(asc(submissions.createdAt))
      .all()
      .map((s) => ({
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
    events: db
      .select()
      .from(exerciseEvents)
      .where(eq(exerciseEvents.userId, userId))
      .orderBy(asc(exerciseEvents.createdAt))
      .all()
      .map((e) => ({ ...exercise(e.exerciseId), kind: e.kind, hintNumber: e.hintNumber, submissionId: e.submissionId, createdAt: e.createdAt.toISOString() })),
    interviews: exportInterviews(db, userId, exercise),
  };
}

/** The user's mock interviews with their exercises (outcome, the mock's draft) and answers. */
function exportInterviews(db: Db, userId: string, exercise: (id: string) => { exerciseId: string; exercise: unknown }) {
  const rows = db.select().from(interviews).where(eq(interviews.userId, userId)).orderBy(asc(interviews.startedAt)).all();
  const ids = rows.map((r) => r.id);
  const exerciseRows = ids.length ? db.select().from(interviewExercises).where(inArray(interviewExercises.interviewId, ids)).orderBy(asc(interviewExercises.position)).all() : [];
  const questionRows = ids.length ? db.select().from(interviewQuestions).where(inArray(interviewQuestions.interviewId, ids)).orderBy(asc(interviewQuestions.position)).all() : [];
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

export type UserExport = ReturnType<typeof exportUserData>;

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
