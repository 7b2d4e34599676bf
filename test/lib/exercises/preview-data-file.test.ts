import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PREVIEW_ROWS, previewDataFile } from '@/lib/exercises/preview-data-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-preview-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function dataFile(name: string, text: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return { name, file };
}

describe('previewDataFile', () => {
  it('shows the first rows of a CSV with its columns and total row count', () => {
    const rows = Array.from({ length: 23 }, (_, i) => `${i + 1},${(i * 0.5).toFixed(1)},${i % 3 ? 'paris' : ''}`);
    const preview = previewDataFile(dataFile('sales.csv', ['id,amount,city', ...rows].join('\n') + '\n'));
    expect(preview).toMatchObject({ kind: 'table', name: 'sales.csv', columns: ['id', 'amount', 'city'], totalRows: 23 });
    if (preview.kind !== 'table') throw new Error('expected a table');
    expect(preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(preview.rows[0]).toEqual([1, 0, null]);
    expect(preview.rows[1]).toEqual([2, 0.5, 'paris']);
  });

  it('keeps the columns of a CSV that has a header and no rows', () => {
    expect(previewDataFile(dataFile('empty.csv', 'a,b,c\n'))).toMatchObject({ kind: 'table', columns: ['a', 'b', 'c'], rows: [], totalRows: 0 });
  });

  it('shows a CSV it cannot parse as text, saying why', () => {
    const preview = previewDataFile(dataFile('broken.csv', 'a,b\n1,2,3\n'));
    expect(preview.kind).toBe('text');
    if (preview.kind !== 'text') throw new Error('expected text');
    expect(preview.note).toMatch(/Not shown as a table/);
    expect(preview.text).toContain('1,2,3');
  });

  it('shows a JSON array of objects as a table with the union of their keys', () => {
    const records = Array.from({ length: 12 }, (_, i) => ({ id: i, vec: [i, i + 1], ...(i === 1 ? { extra: true } : {}) }));
    const preview = previewDataFile(dataFile('rows.json', JSON.stringify(records)));
    expect(preview).toMatchObject({ kind: 'table', columns: ['id', 'vec', 'extra'], totalRows: 12 });
    if (preview.kind !== 'table') throw new Error('expected a table');
    expect(preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(preview.rows[0]).toEqual([0, '[0,1]', null]);
    expect(preview.rows[1]).toEqual([1, '[1,2]', true]);
  });

  it('pretty-prints other JSON as a snippet', () => {
    const preview = previewDataFile(dataFile('config.json', '{"seed":7,"split":{"train":0.8}}'));
    expect(preview).toEqual({
      kind: 'text',
      name: 'config.json',
      bytes: 32,
      text: '{\n  "seed": 7,\n  "split": {\n    "train": 0.8\n  }\n}',
      truncated: false,
    });
  });

  it('cuts a long snippet and says it was cut', () => {
    const preview = previewDataFile(dataFile('matrix.json', JSON.stringify(Array.from({ length: 200 }, (_, i) => i))));
    expect(preview.kind).toBe('text');
    if (preview.kind !== 'text') throw new Error('expected text');
    expect(preview.truncated).toBe(true);
    expect(preview.text.split('\n').length).toBeLessThanOrEqual(40);
  });

  it('reports invalid JSON instead of throwing', () => {
    const preview = previewDataFile(dataFile('bad.json', '{"a": '));
    expect(preview).toMatchObject({ kind: 'text', text: '{"a": ' });
    if (preview.kind !== 'text') throw new Error('expected text');
    expect(preview.note).toMatch(/Not valid JSON/);
  });
});
