import { relations, sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SUBMISSION_STATUSES } from '../lib/grading/result';

export { SUBMISSION_STATUSES };
export const SUBMISSION_MODES = ['run', 'submit'] as const;

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/**
 * A person using the app: a guest (cookie only) until they create an account. Accounts are
 * managed by better-auth (lib/auth/auth.ts), which reads and writes this table as its `user`.
 */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').unique(),
  name: text('name'),
  isGuest: integer('is_guest', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
  image: text('image'),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  /** IANA time zone the user's days are counted in (streaks, heatmap, due reviews); null until known. */
  timeZone: text('time_zone'),
  /** When the user closed the catalog's "Start here" (lib/onboarding/start-here.ts); null while it may show. */
  startHereDismissedAt: integer('start_here_dismissed_at', { mode: 'timestamp_ms' }),
  /** The workspace editor's settings as JSON (lib/account/editor-preferences.ts owns the shape); null means the defaults. */
  editorPreferences: text('editor_preferences'),
});

/** A signed-in browser (better-auth's `session`); the cookie holds its signed token. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** A way to sign in (better-auth's `account`): here only `credential`, with the password hash. */
export const accounts = sqliteTable(
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
    accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }),
    refreshTokenExpiresAt: integer('refresh_token_expires_at', { mode: 'timestamp_ms' }),
    scope: text('scope'),
    /** scrypt hash written by better-auth; never the password itself. */
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

/** better-auth's `verification` (unused while no email can be sent, but part of its model). */
export const verifications = sqliteTable('verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
});

/** Values the app generates once and keeps, e.g. the session-signing secret when none is configured. */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * Rate-limit counts (lib/limits.ts), in the layout rate-limiter-flexible reads and writes: one row
 * per limiter and client (`key`, prefixed by the limiter's name), its points used and when they
 * expire (epoch milliseconds). Used on PostgreSQL, so that every web server counts against the
 * same limits; the single-process SQLite default keeps its counts in memory, and declares the
 * table only so that both dialects keep the same tables (test/db/schema-parity.test.ts).
 */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: integer('expire'),
});

/** The code a user is working on for one exercise; one row per user and exercise. */
export const drafts = sqliteTable(
  'drafts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The exercise's stable uuid from meta.json, never its title or slug. */
    exerciseId: text('exercise_id').notNull(),
    code: text('code').notNull(),
    /** Increases with every save; an older version never overwrites a newer one. */
    version: integer('version').notNull().default(1),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('drafts_user_exercise_idx').on(t.userId, t.exerciseId)],
);

/** Every graded run or submit, whatever its status, with the code that was graded. */
export const submissions = sqliteTable(
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
    /** Version of the grading result contract the row was written with. */
    resultVersion: integer('result_version').notNull(),
    /** Per-test results (JSON array in the result contract's shape). */
    testsJson: text('tests_json').notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The mock interview this attempt was made in, if any (lib/interview). */
    interviewId: text('interview_id'),
    /** Submitted by the mock interview itself when its time ran out (its latest draft). */
    autoSubmitted: integer('auto_submitted', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('submissions_user_exercise_created_idx').on(t.userId, t.exerciseId, t.createdAt),
    index('submissions_interview_idx').on(t.interviewId),
    // A mock submits the latest draft of each exercise once: the database refuses a second one.
    uniqueIndex('submissions_interview_auto_once_idx').on(t.interviewId, t.exerciseId).where(sql`auto_submitted = 1`),
    // Covers the progress query (every attempt of a user, without reading the code and results).
    index('submissions_user_progress_idx').on(t.userId, t.exerciseId, t.createdAt, t.mode, t.status, t.id),
  ],
);

export const EXERCISE_EVENT_KINDS = ['hint_revealed', 'solution_revealed', 'solved'] as const;

/**
 * Learning milestones of a user on an exercise, each recorded once, when it first happened: a hint
 * revealed (one row per hint), the reference solution revealed, the exercise solved (its first
 * passing submit). Progress (mastery, streaks, "solved with help") is computed from these rows
 * and from submissions.
 */
export const exerciseEvents = sqliteTable(
  'exercise_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    exerciseId: text('exercise_id').notNull(),
    kind: text('kind', { enum: EXERCISE_EVENT_KINDS }).notNull(),
    /** 1-based number of the hint for `hint_revealed`; 0 for the other kinds. */
    hintNumber: integer('hint_number').notNull().default(0),
    /** The submission that solved the exercise (`solved` only). */
    submissionId: text('submission_id').references(() => submissions.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('exercise_events_once_idx').on(t.userId, t.exerciseId, t.kind, t.hintNumber),
    index('exercise_events_user_created_idx').on(t.userId, t.createdAt),
  ],
);

export const INTERVIEW_ENDINGS = ['finished-early', 'time-up'] as const;

/**
 * A mock interview: a timed set of exercises and questions chosen for the user from a stored
 * seed. The deadline is kept here, on the server; `finishClaimedAt` is set by the one process
 * that finishes it (auto-submits the drafts, grades the answers), `finishedAt` when that is done.
 */
export const interviews = sqliteTable(
  'interviews',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A track, or `mix`. */
    track: text('track').notNull(),
    /** The length chosen, in minutes. */
    minutes: integer('minutes').notNull(),
    seed: integer('seed').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    deadlineAt: integer('deadline_at', { mode: 'timestamp_ms' }).notNull(),
    finishClaimedAt: integer('finish_claimed_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    endedBy: text('ended_by', { enum: INTERVIEW_ENDINGS }),
    /** 0..1, set when finished (lib/interview/compute-report.ts). */
    score: real('score'),
  },
  (t) => [index('interviews_user_started_idx').on(t.userId, t.startedAt), index('interviews_open_idx').on(t.finishedAt, t.deadlineAt)],
);

/** The exercises of a mock, in order, with the mock's own draft of each (separate from the workspace's). */
export const interviewExercises = sqliteTable(
  'interview_exercises',
  {
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    exerciseId: text('exercise_id').notNull(),
    draftCode: text('draft_code'),
    /** 0 until the first save; increases with every save, like drafts.version. */
    draftVersion: integer('draft_version').notNull().default(0),
    draftUpdatedAt: integer('draft_updated_at', { mode: 'timestamp_ms' }),
    /** Set when the mock is finished: whether a submit passed every test. A failed one enters the review queue. */
    passed: integer('passed', { mode: 'boolean' }),
  },
  (t) => [primaryKey({ columns: [t.interviewId, t.position] }), uniqueIndex('interview_exercises_once_idx').on(t.interviewId, t.exerciseId)],
);

/**
 * The conceptual questions of a mock. `questionJson` is a copy of the question as it was asked
 * (answer and explanation included; never sent before the mock ends), so the report stays
 * the same when the exercise's questions are edited later.
 */
export const interviewQuestions = sqliteTable(
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
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
    /** Set when the mock is finished. */
    correct: integer('correct', { mode: 'boolean' }),
  },
  (t) => [primaryKey({ columns: [t.interviewId, t.position] })],
);

export const usersRelations = relations(users, ({ many }) => ({
  sessions: many(sessions),
  accounts: many(accounts),
  drafts: many(drafts),
  submissions: many(submissions),
  exerciseEvents: many(exerciseEvents),
  interviews: many(interviews),
}));

export const interviewsRelations = relations(interviews, ({ one, many }) => ({
  user: one(users, { fields: [interviews.userId], references: [users.id] }),
  exercises: many(interviewExercises),
  questions: many(interviewQuestions),
}));

export const interviewExercisesRelations = relations(interviewExercises, ({ one }) => ({
  interview: one(interviews, { fields: [interviewExercises.interviewId], references: [interviews.id] }),
}));

export const interviewQuestionsRelations = relations(interviewQuestions, ({ one }) => ({
  interview: one(interviews, { fields: [interviewQuestions.interviewId], references: [interviews.id] }),
}));

export const exerciseEventsRelations = relations(exerciseEvents, ({ one }) => ({
  user: one(users, { fields: [exerciseEvents.userId], references: [users.id] }),
  submission: one(submissions, { fields: [exerciseEvents.submissionId], references: [submissions.id] }),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

export const accountsRelations = relations(accounts, ({ one }) => ({
  user: one(users, { fields: [accounts.userId], references: [users.id] }),
}));

export const draftsRelations = relations(drafts, ({ one }) => ({
  user: one(users, { fields: [drafts.userId], references: [users.id] }),
}));

export const submissionsRelations = relations(submissions, ({ one }) => ({
  user: one(users, { fields: [submissions.userId], references: [users.id] }),
}));

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Draft = typeof drafts.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
export type NewSubmission = typeof submissions.$inferInsert;
export type ExerciseEvent = typeof exerciseEvents.$inferSelect;
export type ExerciseEventKind = (typeof EXERCISE_EVENT_KINDS)[number];
export type Interview = typeof interviews.$inferSelect;
export type InterviewExercise = typeof interviewExercises.$inferSelect;
export type InterviewQuestion = typeof interviewQuestions.$inferSelect;
export type InterviewEnding = (typeof INTERVIEW_ENDINGS)[number];
