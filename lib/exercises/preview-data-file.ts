import fs from 'node:fs';
import Papa from 'papaparse';
import { clipText } from '@/lib/clip-text';
import { parseCsv } from './parse-csv';
import { chartColumns, type ColumnChart } from './summarize-columns';

export type PreviewCell = string | number | boolean | null;

/** The first rows of a tabular file (CSV, or a JSON array of objects). */
export interface TablePreview {
  kind: 'table';
  name: string;
  bytes: number;
  columns: string[];
  /** Up to `PREVIEW_ROWS` rows, each aligned with `columns`. */
  rows: PreviewCell[][];
  totalRows: number;
  /** A small chart per column that has one, from every row of the file. */
  charts: ColumnChart[];
}

/** Any other file: the start of its (pretty-printed) text. */
export interface TextPreview {
  kind: 'text';
  name: string;
  bytes: number;
  text: string;
  truncated: boolean;
  /** Why the file is not shown as a table, when it looked like one but could not be read. */
  note?: string;
}

export type DataPreview = TablePreview | TextPreview;

export const PREVIEW_ROWS = 10;
const MAX_TEXT_LINES = 40;
const MAX_TEXT_CHARS = 4_000;
const MAX_CELL_CHARS = 120;


function snippet(text: string): { text: string; truncated: boolean } {
  const lines = text.split('\n');
  let out = lines.slice(0, MAX_TEXT_LINES).join('\n');
  let truncated = lines.length > MAX_TEXT_LINES;
  if (out.length > MAX_TEXT_CHARS) {
    out = out.slice(0, MAX_TEXT_CHARS);
    truncated = true;
  }
  return { text: out, truncated };
}

function toCell(value: unknown): PreviewCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return clipText(value, MAX_CELL_CHARS);
  return clipText(JSON.stringify(value) ?? String(value), MAX_CELL_CHARS);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tableOf(name: string, bytes: number, records: Record<string, unknown>[], columns: string[]): TablePreview {
  return {
    kind: 'table',
    name,
    bytes,
    columns,
    rows: records.slice(0, PREVIEW_ROWS).map((record) => columns.map((column) => toCell(record[column]))),
    totalRows: records.length,
    charts: chartColumns(columns, records),
  };
}

function previewCsv(name: string, bytes: number, text: string): DataPreview {
  try {
    const records = parseCsv(text);
    // Column names as the parser keyed them; a file with no data rows still has its header.
    const first = records[0];
    const columns = first ? Object.keys(first) : (Papa.parse<string[]>(text.trim().split(/\r?\n/, 1)[0] ?? '').data[0] ?? []);
    return tableOf(name, bytes, records, columns);
  } catch (error) {
    return { kind: 'text', name, bytes, ...snippet(text), note: `Not shown as a table: ${messageOf(error)}` };
  }
}

function previewJson(name: string, bytes: number, text: string): DataPreview {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'text', name, bytes, ...snippet(text), note: `Not valid JSON: ${messageOf(error)}` };
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
    const columns = [...new Set(value.flatMap((record) => Object.keys(record)))];
    return tableOf(name, bytes, value, columns);
  }
  return { kind: 'text', name, bytes, ...snippet(JSON.stringify(value, null, 2)) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads one data file of an exercise and returns what the exercise page shows of it. */
export function previewDataFile(dataFile: { name: string; file: string }): DataPreview {
  const text = fs.readFileSync(dataFile.file, 'utf8');
  const bytes = Buffer.byteLength(text);
  if (dataFile.name.endsWith('.csv')) return previewCsv(dataFile.name, bytes, text);
  if (dataFile.name.endsWith('.json')) return previewJson(dataFile.name, bytes, text);
  return { kind: 'text', name: dataFile.name, bytes, ...snippet(text) };
}
