/** StrykerJS mutants of the fixture exercise "clip-the-readings", graded through the real grader. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { scoreOf } from '@/lib/exercises/mutation/mutation-report';
import { ReferenceFailsError, runMutation } from '@/lib/exercises/mutation/run-mutation';
import { computeExpectedOutputs } from '@/lib/grading/compute-expected-outputs';
import { writeExpectedOutputs } from '@/lib/grading/expected-outputs';
import { stopGrader } from '@/lib/grading/grader';

const CATALOG = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'generated-catalog');

afterAll(async () => {
  await stopGrader();
});

describe('runMutation', () => {
  it('reports the mutants a suite misses with their diff, and the ones named equivalent as equivalent, without grading them', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutation-'));
    try {
      fs.cpSync(CATALOG, root, { recursive: true });
      const [exercise] = loadCatalogOrThrow(root);
      // Only the visible case: nothing checks missing readings any more.
      const tests = fs.readFileSync(exercise!.testsFile, 'utf8');
      fs.writeFileSync(exercise!.testsFile, tests.slice(0, tests.indexOf("  testCase({\n    id: 'drops-null'")) + ']);\n');
      const equivalent = 'L4:8-4:24 ConditionalExpression false';
      fs.writeFileSync(path.join(exercise!.dir, '.meta', 'equivalent-mutants.json'), JSON.stringify([{ mutant: equivalent, reason: 'stated for this test only' }]));

      const report = await runMutation(exercise!);
      const byKey = new Map(report.mutants.map((m) => [m.key, m]));
      expect(byKey.get(equivalent)).toMatchObject({ outcome: 'equivalent', reason: 'stated for this test only', durationMs: 0 });
      const survivor = byKey.get('L4:8-4:49 LogicalOperator reading === null && Number.isNaN(reading)');
      expect(survivor).toMatchObject({ outcome: 'survived' });
      expect(survivor?.diff).toContain('+     if (reading === null && Number.isNaN(reading)) continue;');
      expect(byKey.get('L5:17-5:55 MethodExpression Math.max(high, Math.max(low, reading))')).toMatchObject({ outcome: 'killed', killedBy: 'clips-to-the-range' });
      expect(report.mutants).toHaveLength(10);
      expect(new Set(report.mutants.map((m) => m.key)).size).toBe(10);
      expect(scoreOf(report).score).toBeLessThan(0.9);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to score, grading no mutant, when the reference solution fails its own tests', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutation-'));
    try {
      fs.cpSync(CATALOG, root, { recursive: true });
      const [exercise] = loadCatalogOrThrow(root);
      // A reference that drops out-of-range readings instead of clipping them: with it, every mutant would be "killed".
      fs.writeFileSync(exercise!.solutionFile, 'export function clipReadings(readings: (number | null)[], low: number, high: number): number[] {\n  return readings.filter((r): r is number => r !== null && r >= low && r <= high);\n}\n');
      // Its generated cases agree with it (their outputs come from it); the hand-written ones do not.
      writeExpectedOutputs(exercise!, await computeExpectedOutputs(exercise!));
      const graded: string[] = [];
      const error = await runMutation(exercise!, (mutant) => graded.push(mutant.key)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReferenceFailsError);
      expect((error as Error).message).toContain('the reference solution does not pass its own tests');
      expect(graded).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
