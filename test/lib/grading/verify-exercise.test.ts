import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { stopGrader } from '@/lib/grading/grader';
import { computeExpectedOutputs } from '@/lib/grading/compute-expected-outputs';
import { writeExpectedOutputs } from '@/lib/grading/expected-outputs';
import { loadTestSuite } from '@/lib/grading/load-test-suite';
import { doublingGroups, ruleProblems, verifyExercise } from '@/lib/grading/verify-exercise';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');

afterAll(async () => {
  await stopGrader();
});

describe('doublingGroups', () => {
  it('splits the tests, in order, into groups of 1, 2, 4, …, each test in exactly one group', () => {
    expect(doublingGroups([])).toEqual([]);
    expect(doublingGroups(['a'])).toEqual([['a']]);
    expect(doublingGroups([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([[1], [2, 3], [4, 5, 6, 7], [8, 9]]);
  });
});

describe('verifyExercise', () => {
  it('passes the solution, fails the starter, and catches mutants by the deterministic predict-call budget (also when they go around it through the prototype or the inner model) and one by the latency ratio', async () => {
    const [exercise] = loadCatalogOrThrow(path.join(FIXTURES, 'latency-catalog'));
    const rows = await verifyExercise(exercise!);
    expect(rows.map((r) => [r.subject, r.status, r.ok])).toEqual([
      // This fixture states no rules, declares no generated cases and has no mutation report: each is a miss.
      ['rules', 'invalid', false],
      ['generated cases', 'invalid', false],
      ['mutation report', 'invalid', false],
      ['solution', 'pass', true],
      ['starter', 'fail', true],
      ['mutant busy-waits', 'fail', true],
      ['mutant one-row-at-a-time', 'fail', true],
      ['mutant predicts-through-the-prototype', 'fail', true],
      ['mutant runs-the-inner-model', 'fail', true],
    ]);
  });

  it('reports a miss when a mutant fails with a different message than it declares, or passes', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'catalog'), root, { recursive: true });
      const mutants = path.join(root, 'feature-engineering', 'double-the-values', '.meta', 'mutants');
      const leaking = fs.readFileSync(path.join(mutants, 'leaks-a-tensor.ts'), 'utf8');
      fs.writeFileSync(path.join(mutants, 'leaks-a-tensor.ts'), leaking.replace('// expect: leaked 1 tensor', '// expect: a message nobody writes'));
      const solution = fs.readFileSync(path.join(root, 'feature-engineering', 'double-the-values', '.meta', 'solution.ts'), 'utf8');
      fs.writeFileSync(path.join(mutants, 'same-as-solution.ts'), `// mistake: none, it is the solution\n// expect: anything\n${solution}`);
      const [exercise] = loadCatalogOrThrow(root);
      const rows = await verifyExercise(exercise!);
      const byName = Object.fromEntries(rows.map((r) => [r.subject, r]));
      expect(byName['mutant leaks-a-tensor']).toMatchObject({ ok: false, status: 'fail', problem: expect.stringContaining('no failure message contains "a message nobody writes"') });
      expect(byName['mutant same-as-solution']).toMatchObject({ ok: false, status: 'pass', problem: expect.stringContaining('the tests do not catch this mistake') });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('stops grading a mutant at the group of tests that catches it: caught by its last test, or caught first and stuck in a later one, it is caught', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'catalog'), root, { recursive: true });
      const meta = path.join(root, 'feature-engineering', 'double-the-values', '.meta');
      const solution = fs.readFileSync(path.join(meta, 'solution.ts'), 'utf8');
      const mutant = (name: string, expected: string, double: string) =>
        fs.writeFileSync(path.join(meta, 'mutants', `${name}.ts`), `// mistake: ${name}\n// expect: ${expected}\n${solution.replace('return values.map((v) => v * 2);', double)}`);
      // Wrong only for negative values: the fourth and last test (hidden) is the one that catches it.
      mutant('keeps-negatives', 'doubled negative values', 'return values.map((v) => (v < 0 ? v : v * 2));');
      // Wrong on the first test, and never returns on an empty list (the third test): a whole grade is a timeout.
      mutant('triples-then-hangs', 'doubled values', 'while (values.length === 0) {}\n  return values.map((v) => v * 3);');
      const [exercise] = loadCatalogOrThrow(root);
      const rows = await verifyExercise(exercise!);
      const byName = Object.fromEntries(rows.map((r) => [r.subject, r]));
      expect(byName['mutant keeps-negatives']).toMatchObject({ ok: true, status: 'fail' });
      expect(byName['mutant triples-then-hangs']).toMatchObject({ ok: true, status: 'fail' });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('checks the rules: a test that names an unknown rule, a rule no hidden test checks, and a stale mutation report are misses', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'generated-catalog'), root, { recursive: true });
      const [exercise] = loadCatalogOrThrow(root);
      const cases = await loadTestSuite(exercise!);
      expect(ruleProblems(exercise!, cases)).toEqual([]);
      const withRules = (rules: { id: string; text: string }[]) => ({ ...exercise!, meta: { ...exercise!.meta, rules } });
      const clip = { id: 'clip-to-range', text: 'A reading below low becomes low.' };
      const drop = { id: 'drop-missing', text: 'null and NaN readings are dropped.' };
      expect(ruleProblems(withRules([clip, drop, { id: 'keep-the-order', text: 'Readings keep their order.' }]), cases)).toEqual(['rule "keep-the-order" has no hidden test']);
      expect(ruleProblems(withRules([clip]), cases)).toEqual([
        'test "drops-null" names the rule "drop-missing", which meta.json does not list',
        'test "matches-the-reference" names the rule "drop-missing", which meta.json does not list',
      ]);
      // A rule checked by a visible test only is not covered: a hidden test must check it.
      const visibleOnly = cases.map((c) => (c.visible ? c : { ...c, rules: [] }));
      expect(ruleProblems(exercise!, visibleOnly)).toEqual(['rule "clip-to-range" has no hidden test', 'rule "drop-missing" has no hidden test']);

      expect((await verifyExercise(exercise!)).filter((r) => !r.ok)).toEqual([]);
      fs.appendFileSync(exercise!.testsFile, '\n// changed after the mutation run\n');
      expect(await verifyExercise(exercise!)).toEqual([
        expect.objectContaining({ subject: 'tests', ok: false, problem: expect.stringContaining('exercises:expect -- --only clip-the-readings') }),
      ]);
      writeExpectedOutputs(exercise!, await computeExpectedOutputs(exercise!));
      const rows = await verifyExercise(exercise!);
      expect(rows.filter((r) => !r.ok)).toEqual([
        expect.objectContaining({ subject: 'mutation report', problem: expect.stringContaining('the mutation report is stale') }),
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
