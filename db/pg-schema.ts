import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { EXERCISE_EVENT_KINDS, INTERVIEW_ENDINGS, SUBMISSION_MODES, SUBMISSION_STATUSES } from './schema';

/**
 * The PostgreSQL twin of db/schema.ts, used when DATABASE_URL is set. drizzle declares a table per
 * dialect, so the tables are written twice; db/schema.ts documents each table and column, and
 * test/db/schema-parity.test.ts fails when the two disagree on a table, a column, its type as seen
 * by TypeScript, nullability, a default, a key or an index. Time columns are `timestamptz` (an
 * instant, like SQLite's epoch milliseconds); JSON is kept as text in both, written and read by lib/.
 * No `relations()`: lib/ writes its joins and does not use drizzle's relational queries.
 */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
const createdAt = () => instant('created_at').notNull().defaultNow();

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').unique(),
  name: text('name'),
  isGuest: boolean('is_guest').notNull().default(true),
  createdAt: createdAt(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  updatedAt: instant('updated_at'),
  timeZone: text('time_zone'),
  startHereDismissedAt: instant('start_here_dismissed_at'),
  /** The workspace editor's settings as JSON (lib/account/editor-preferences.ts owns the shape); null means the defaults. */
  editorPreferences: text('editor_preferences'),
});

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: instant('expires_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: instant('access_token_expires_at'),
    refreshTokenExpiresAt: instant('refresh_token_expires_at'),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

export const verifications = pgTable('verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: instant('expires_at').notNull(),
  createdAt: createdAt(),
  updatedAt: instant('updated_at'),
});

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export const rateLimits = pgTable('rate_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});

export const drafts = pgTable(
  'drafts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    exerciseId: text('exercise_id').notNull(),
    code: text('code').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('drafts_user_exercise_idx').on(t.userId, t.exerciseId)],
);

export const submissions = pgTable(
  'submissions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    exerciseId: text('exercise_id').notNull(),
    mode: text('mode', { enum: SUBMISSION_MODES }).notNull(),
    code: text('code').notNull(),
    status: text('status', { enum: SUBMISSION_STATUSES }).notNull(),
    message: text('message'),
    resultVersion: integer('result_version').notNull(),
    testsJson: text('tests_json').notNull(),
    durationMs: integer('duration_ms').notNull(),
    interviewId: text('interview_id'),
    autoSubmitted: boolean('auto_submitted').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('submissions_user_exercise_created_idx').on(t.userId, t.exerciseId, t.createdAt),
    index('submissions_interview_idx').on(t.interviewId),
    uniqueIndex('submissions_interview_auto_once_idx').on(t.interviewId, t.exerciseId).where(sql`auto_submitted`),
    index('submissions_user_progress_idx').on(t.userId, t.exerciseId, t.createdAt, t.mode, t.status, t.id),
  ],
);

export const exerciseEvents = pgTable(
  'exercise_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    exerciseId: text('exercise_id').notNull(),
    kind: text('kind', { enum: EXERCISE_EVENT_KINDS }).notNull(),
    hintNumber: integer('hint_number').notNull().default(0),
    submissionId: text('submission_id').references(() => submissions.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('exercise_events_once_idx').on(t.userId, t.exerciseId, t.kind, t.hintNumber),
    index('exercise_events_user_created_idx').on(t.userId, t.createdAt),
  ],
);

export const interviews = pgTable(
  'interviews',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    track: text('track').notNull(),
    minutes: integer('minutes').notNull(),
    seed: integer('seed').notNull(),
    startedAt: instant('started_at').notNull(),
    deadlineAt: instant('deadline_at').notNull(),
    finishClaimedAt: instant('finish_claimed_at'),
    finishedAt: instant('finished_at'),
    endedBy: text('ended_by', { enum: INTERVIEW_ENDINGS }),
    score: doublePrecision('score'),
  },
  (t) => [index('interviews_user_started_idx').on(t.userId, t.startedAt), index('interviews_open_idx').on(t.finishedAt, t.deadlineAt)],
);

export const interviewExercises = pgTable(
  'interview_exercises',
  {
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    exerciseId: text('exercise_id').notNull(),
    draftCode: text('draft_code'),
    draftVersion: integer('draft_version').notNull().default(0),
    draftUpdatedAt: instant('draft_updated_at'),
    passed: boolean('passed'),
  },
  (t) => [primaryKey({ columns: [t.interviewId, t.position] }), uniqueIndex('interview_exercises_once_idx').on(t.interviewId, t.exerciseId)],
);

export const interviewQuestions = pgTable(
  'interview_questions',
  {
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    exerciseId: text('exercise_id').notNull(),
    questionId: text('question_id').notNull(),
    questionJson: text('question_json').notNull(),
    answerJson: text('answer_json'),
    answeredAt: instant('answered_at'),
    correct: boolean('correct'),
  },
  (t) => [primaryKey({ columns: [t.interviewId, t.position] })],
);
