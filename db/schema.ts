import { relations, sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** A person using the app: a guest (cookie only) until they create an account. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').unique(),
  name: text('name'),
  isGuest: integer('is_guest', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
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
    mode: text('mode', { enum: ['run', 'submit'] }).notNull(),
    code: text('code').notNull(),
    status: text('status', { enum: ['pass', 'fail', 'error', 'timeout', 'memory'] }).notNull(),
    message: text('message'),
    /** Version of the grading result contract the row was written with. */
    resultVersion: integer('result_version').notNull(),
    /** Per-test results (JSON array in the result contract's shape). */
    testsJson: text('tests_json').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('submissions_user_exercise_created_idx').on(t.userId, t.exerciseId, t.createdAt)],
);

export const usersRelations = relations(users, ({ many }) => ({
  drafts: many(drafts),
  submissions: many(submissions),
}));

export const draftsRelations = relations(drafts, ({ one }) => ({
  user: one(users, { fields: [drafts.userId], references: [users.id] }),
}));

export const submissionsRelations = relations(submissions, ({ one }) => ({
  user: one(users, { fields: [submissions.userId], references: [users.id] }),
}));

export type User = typeof users.$inferSelect;
export type Draft = typeof drafts.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
export type NewSubmission = typeof submissions.$inferInsert;
