import { describe, expect, it } from 'vitest';
import { submissionsCsv, type UserExport } from '@/lib/account/export-user-data';

const row = (code: string, message: string | null) => ({
  id: 's1',
  exerciseId: 'e1',
  exercise: { slug: 'scale-without-leakage', track: 'feature-engineering', title: 'Scale' },
  mode: 'submit' as const,
  status: 'fail' as const,
  message,
  createdAt: '2025-01-01T10:00:00.000Z',
  durationMs: 12,
  resultVersion: 1,
  tests: [
    { id: 't1', name: 'a', visible: true, status: 'pass' as const, output: '', durationMs: 1 },
    { id: 't2', name: 'b', visible: false, status: 'fail' as const, output: '', durationMs: 1 },
  ],
  code,
});

describe('submissionsCsv', () => {
  it('writes one quoted row per submission with test counts, and escapes cells a spreadsheet would run', () => {
    const data = { submissions: [row('=HYPERLINK("http://x")\nexport const a = "b";', '+cmd')] } as unknown as UserExport;
    const [header, ...rest] = submissionsCsv(data).split('\r\n');
    expect(header).toBe('id,created_at,exercise_id,track,exercise,mode,status,tests_passed,tests_total,duration_ms,message,code');
    const body = rest.join('\r\n');
    expect(body).toContain('s1,2025-01-01T10:00:00.000Z,e1,feature-engineering,scale-without-leakage,submit,fail,1,2,12');
    expect(body).toContain(",'+cmd,");
    expect(body).toContain(`"'=HYPERLINK(""http://x"")\nexport const a = ""b"";"`);
  });
});
