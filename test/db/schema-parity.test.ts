import { getTableColumns, getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '@/db/pg-schema';
import * as sqliteSchema from '@/db/schema';

type Config = ReturnType<typeof getSqliteTableConfig> | ReturnType<typeof getPgTableConfig>;

function tablesOf(schema: Record<string, unknown>): Map<string, Table> {
  const tables = new Map<string, Table>();
  for (const [key, value] of Object.entries(schema)) if (is(value, Table)) tables.set(key, value);
  return tables;
}

/** What lib/ sees of a table: the TypeScript shape of each column, its keys, defaults and indexes. */
function describeTable(table: Table, config: Config) {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    name: column.name,
    dataType: column.dataType,
    enumValues: column.enumValues ?? null,
    notNull: column.notNull,
    hasDefault: column.hasDefault,
    primary: column.primary,
    unique: column.isUnique,
  }));
  return {
    name: getTableName(table),
    columns,
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return { columns: ref.columns.map((c) => c.name), table: getTableName(ref.foreignTable), onDelete: fk.onDelete ?? 'no action' };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    indexes: config.indexes
      .map((index) => ({
        name: index.config.name ?? '(unnamed)',
        unique: index.config.unique,
        partial: index.config.where !== undefined,
        columns: index.config.columns.map((c) => ('name' in c ? c.name : '(expression)')),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

describe('db/pg-schema.ts and db/schema.ts', () => {
  const sqliteTables = tablesOf(sqliteSchema);
  const pgTables = tablesOf(pgSchema);

  it('declare the same tables under the same names', () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
  });

  it.each([...sqliteTables.keys()])('declare %s alike: columns, their types as lib/ sees them, keys, defaults and indexes', (key) => {
    const sqliteTable = sqliteTables.get(key)!;
    const pgTable = pgTables.get(key)!;
    expect(describeTable(pgTable, getPgTableConfig(pgTable as PgTable))).toEqual(describeTable(sqliteTable, getSqliteTableConfig(sqliteTable as SQLiteTable)));
  });
});
