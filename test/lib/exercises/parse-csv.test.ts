import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/lib/exercises/parse-csv';

describe('parseCsv', () => {
  it('types decimal numbers, keeps text, and turns empty cells into null', () => {
    const rows = parseCsv('id,score,label,note\n1,0.25,fraud,\n2,-3e-2,ok,hello world\n');
    expect(rows).toEqual([
      { id: 1, score: 0.25, label: 'fraud', note: null },
      { id: 2, score: -0.03, label: 'ok', note: 'hello world' },
    ]);
  });

  it('keeps dates, booleans and codes that only look numeric-ish as text', () => {
    const [row] = parseCsv('at,flag,code,hex\n2024-01-01T06:07:00Z,true,007a,0x1f\n');
    expect(row).toEqual({ at: '2024-01-01T06:07:00Z', flag: 'true', code: '007a', hex: '0x1f' });
  });

  it('says which row is malformed', () => {
    expect(() => parseCsv('a,b\n"1,2\n')).toThrow(/^CSV row/);
  });
});
