import { describe, expect, it } from 'vitest';
import { parseStoredTests } from '@/lib/submissions/parse-stored-tests';

describe('parseStoredTests', () => {
  it('reads results stored by either result version in the same shape, and never shows the console output or the time of a hidden test', () => {
    const stored = JSON.stringify([
      { id: 'a', name: 'visible test', visible: true, status: 'fail', message: 'doubled values: [0] is off', output: 'printed [1, 2]\n', durationMs: 1 },
      { id: 'b', name: 'hidden test', visible: false, status: 'fail', message: 'doubled negative values: a value is off', output: 'printed [-1.5, 7]\n', durationMs: 2 },
    ]);
    expect(parseStoredTests(stored)).toEqual([
      { id: 'a', name: 'visible test', visible: true, status: 'fail', message: 'doubled values: [0] is off', output: 'printed [1, 2]\n', durationMs: 1 },
      { id: 'b', name: 'hidden test', visible: false, status: 'fail', message: 'doubled negative values: a value is off', output: '' },
    ]);
  });

  it('reads an unreadable value as no tests', () => {
    expect(parseStoredTests('not json')).toEqual([]);
    expect(parseStoredTests('{"tests": 1}')).toEqual([]);
  });
});
