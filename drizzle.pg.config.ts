import { defineConfig } from 'drizzle-kit';

/** Migrations for PostgreSQL (DATABASE_URL); drizzle.config.ts makes SQLite's. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/pg-schema.ts',
  out: './db/pg-migrations',
});
