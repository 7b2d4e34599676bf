import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import * as schema from './schema';

export type AsyncSqliteDb = SqliteRemoteDatabase<typeof schema>;

type Method = 'run' | 'all' | 'values' | 'get';

/** A transaction was started with `db.transaction` inside another: it would wait for itself forever. */
export class NestedTransactionError extends Error {
  override name = 'NestedTransactionError';
  constructor() {
    super('db.transaction was called inside a transaction: use the transaction object (tx.transaction) for a nested step.');
  }
}

/**
 * drizzle over one better-sqlite3 connection with the promise API of the PostgreSQL driver, so
 * lib/ can be written once for both: queries are awaited, and a transaction's steps may await.
 *
 * One connection holds one transaction at a time, and any statement it runs while a transaction is
 * open becomes part of it. So a transaction holds the connection until it ends: statements of other
 * requests wait for it (they would otherwise be undone by its rollback), and other transactions
 * start after it. Which statements belong to the open transaction is known from the async context
 * it was started in (AsyncLocalStorage). Statements still run synchronously in better-sqlite3.
 */
export function asyncSqliteDatabase(sqlite: Database.Database): AsyncSqliteDb {
  const context = new AsyncLocalStorage<symbol>();
  let holder: { token: symbol; released: Promise<void> } | undefined;

  const execute = async (text: string, params: unknown[], method: Method) => {
    // Checked again after each wait, and the statement runs in the same synchronous step as the
    // last check, so no transaction can begin in between.
    while (holder && context.getStore() !== holder.token) await holder.released;
    return runStatement(sqlite, text, params, method);
  };

  const db = drizzle(execute, { schema });
  const transaction = db.transaction.bind(db);
  const exclusiveTransaction: typeof db.transaction = async (steps, config) => {
    if (context.getStore() !== undefined) throw new NestedTransactionError();
    while (holder) await holder.released;
    let release = () => {};
    const token = Symbol('transaction');
    holder = { token, released: new Promise<void>((resolve) => (release = resolve)) };
    try {
      return await context.run(token, () => transaction(steps, config));
    } finally {
      holder = undefined;
      release();
    }
  };
  return Object.assign(db, { transaction: exclusiveTransaction });
}

/**
 * Runs one statement in the shape drizzle's sqlite-proxy expects: rows as arrays of values. A
 * statement that returns no rows answers with `rowCount`, the rows it changed, as node-postgres does.
 */
function runStatement(sqlite: Database.Database, text: string, params: unknown[], method: Method): { rows: unknown[]; rowCount?: number } {
  const statement = sqlite.prepare(text);
  if (method === 'run' || !statement.reader) return { rows: [], rowCount: statement.run(...params).changes };
  statement.raw(true);
  if (method === 'get') return { rows: statement.get(...params) as unknown[] };
  return { rows: statement.all(...params) };
}
