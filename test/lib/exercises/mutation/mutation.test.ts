import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseFingerprint } from '@/lib/exercises/exercise-fingerprint';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { listMutants } from '@/lib/exercises/mutation/list-mutants';
import { mutationReportProblem, scoreOf, type MutationReport } from '@/lib/exercises/mutation/mutation-report';

const CATALOG = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'generated-catalog');
const SOURCE = `export function clip(x: number, low: number, high: number): number {
  if (x < low) return low;
  return x > high ? high : x;
}
`;

describe('listMutants', () => {
  it("applies each of StrykerJS's mutations to the text, one change per mutant, with a diff of the changed lines", async () => {
    const mutants = await listMutants('clip.ts', SOURCE);
    expect(new Set(mutants.map((m) => m.key)).size).toBe(mutants.length);
    const names = new Set(mutants.map((m) => m.mutatorName));
    for (const name of ['BlockStatement', 'ConditionalExpression', 'EqualityOperator']) expect(names).toContain(name);
    const boundary = mutants.find((m) => m.key === 'L2:6-2:13 EqualityOperator x <= low');
    expect(boundary?.code).toBe(SOURCE.replace('if (x < low)', 'if (x <= low)'));
    expect(boundary?.diff).toBe('@@ line 2\n-   if (x < low) return low;\n+   if (x <= low) return low;');
    for (const mutant of mutants) expect(mutant.code).not.toBe(SOURCE);
  });
});

describe('mutation reports', () => {
  const report = (outcomes: MutationReport['mutants'][number]['outcome'][], fingerprint: string): MutationReport => ({
    fingerprint,
    generatedAt: '2026-12-01T00:00:00.000Z',
    mutants: outcomes.map((outcome, i) => ({ key: `L${i + 1}:0 BlockStatement {}`, mutatorName: 'BlockStatement', line: i + 1, outcome, durationMs: 1 })),
  });

  it('score killed and timed-out mutants over all but the equivalent ones', () => {
    const s = scoreOf(report(['killed', 'killed', 'timeout', 'survived', 'equivalent'], 'x'));
    expect(s).toEqual({ killed: 2, survived: 1, timedOut: 1, equivalent: 1, score: 0.75 });
  });

  it('are stale when the solution or the tests change, and fail below the target', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutation-'));
    try {
      fs.cpSync(CATALOG, root, { recursive: true });
      const [exercise] = loadCatalogOrThrow(root);
      const current = exerciseFingerprint(exercise!);
      expect(mutationReportProblem(exercise!, report(Array(10).fill('killed'), current))).toBeUndefined();
      expect(mutationReportProblem(exercise!, report([...Array(8).fill('killed'), 'survived'], current))).toMatch(/mutation score 88.9% is below the target of 90%/);
      fs.appendFileSync(exercise!.testsFile, '\n// a new test\n');
      expect(mutationReportProblem(exercise!, report(Array(10).fill('killed'), current))).toMatch(/the mutation report is stale .* --only clip-the-readings/);
      fs.writeFileSync(path.join(exercise!.dir, '.meta', 'equivalent-mutants.json'), JSON.stringify([{ mutant: 'L99:0 Nothing here', reason: 'no such mutant exists at all' }]));
      expect(mutationReportProblem(exercise!, report(Array(10).fill('killed'), exerciseFingerprint(exercise!)))).toMatch(/names "L99:0 Nothing here", which is no mutant/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
