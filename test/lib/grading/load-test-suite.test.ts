import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { driverSource, loadSuiteDefinition, loadTestSuite, TestSuiteError } from '@/lib/grading/load-test-suite';

const CATALOG = path.resolve(__dirname, '..', '..', 'fixtures', 'catalog');

interface User {
  double(values: number[]): number[];
}
const user: User = { double: (values) => values.map((v) => v * 2) };
const input = { values: [1, -2] };

/** Evaluates a driver's source the way the sandbox does: as a parenthesised expression. */
function evaluate(source: string): (user: User, input: { values: number[] }) => unknown {
  return (0, eval)(`(${source})`) as (user: User, input: { values: number[] }) => unknown;
}

describe('driverSource', () => {
  const methods = {
    run(u: User, i: { values: number[] }) {
      return u.double(i.values);
    },
    async runAsync(u: User, i: { values: number[] }) {
      return u.double(i.values);
    },
  };
  const drivers: [string, (u: User, i: { values: number[] }) => unknown, 'unchanged' | RegExp][] = [
    ['an arrow function', (u, i) => u.double(i.values), 'unchanged'],
    ['an async arrow function', async (u, i) => u.double(i.values), 'unchanged'],
    ['an arrow function with a call in a default parameter', (u, i = { values: [Math.max(1, 2)] }) => u.double(i.values), 'unchanged'],
    ['an arrow function with destructured parameters', ({ double }, { values }) => double(values), 'unchanged'],
    [
      'a function expression',
      function (u, i) {
        return u.double(i.values);
      },
      'unchanged',
    ],
    [
      'an async named function expression',
      async function drive(u, i) {
        return u.double(i.values);
      },
      'unchanged',
    ],
    ['a method shorthand', methods.run, /^function run\(/],
    ['an async method shorthand', methods.runAsync, /^async function runAsync\(/],
  ];

  for (const [what, driver, expected] of drivers) {
    it(`sends ${what} as an expression that behaves the same`, async () => {
      const source = driverSource(driver as never);
      if (expected === 'unchanged') expect(source).toBe(driver.toString().trim());
      else expect(source).toMatch(expected);
      expect(await evaluate(source)(user, input)).toEqual(await driver(user, input));
    });
  }

  it('refuses a function that has no source (bound or native), at load time rather than in the sandbox', () => {
    const bound = ((u: User, i: { values: number[] }) => u.double(i.values)).bind(null);
    expect(() => driverSource(bound as never)).toThrow(TestSuiteError);
    expect(() => driverSource(bound as never)).toThrow(/cannot send this driver to the sandbox/);
  });
});

describe('loadTestSuite', () => {
  it("loads the fixture exercise's cases in file order, each with its driver as sendable source", async () => {
    const exercise = loadCatalogOrThrow(CATALOG).find((e) => e.meta.slug === 'double-the-values')!;
    const cases = await loadTestSuite(exercise);
    expect(cases.map((c) => [c.id, c.name, c.visible])).toEqual([
      ['doubles-small-list', 'doubles each value of a short list', true],
      ['doubles-a-tensor', 'doubles a tensor without leaking', true],
      ['keeps-empty-list-empty', 'returns an empty list for an empty list', false],
      ['doubles-negative-values', 'doubles negative and fractional values', false],
    ]);
    // Three arrow drivers and one method shorthand (`run(user, input) { ... }`).
    expect(cases.map((c) => /^(\(.*\)\s*=>|function run\()/.test(c.driverSource))).toEqual([true, true, true, true]);
    expect(cases[3]!.driverSource).toMatch(/^function run\(/);
    // Each evaluates to a driver that calls the submission; here with plain arrays standing in for tensors.
    const fakeUser = { ...user, doubleTensor: (x: number[]) => x.map((v) => v * 2) };
    const fakeHelpers = { tensor: (values: number[]) => values };
    for (const c of cases) {
      const { values } = c.input as { values: number[] };
      const drive = (0, eval)(`(${c.driverSource})`) as (u: typeof fakeUser, i: unknown, h: typeof fakeHelpers) => unknown;
      expect(drive(fakeUser, c.input, fakeHelpers)).toEqual(values.map((v) => v * 2));
    }
  });

  it('gives every suite the one installed copy of a package it imports (fast-check), also for a suite outside the project folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-packages-'));
    try {
      const suite = (id: string) => `import fc from 'fast-check';
import { defineTests, generatedCases } from '@/lib/grading/test-api';
export default defineTests<{ f(x: number): number }>()([
  generatedCases({ id: '${id}', name: 'maps every integer', rules: [], input: fc.integer(), run: (user, x) => user.f(x), what: 'values' }),
]);`;
      const files = ['first', 'second'].map((id) => {
        const file = path.join(dir, `${id}.ts`);
        fs.writeFileSync(file, suite(id));
        return file;
      });
      const inputs = await Promise.all(files.map(async (testsFile) => (await loadSuiteDefinition({ testsFile })).entries[0] as { input: object; sample(seed: number): unknown[] }));
      // The copy `require` gives the server: the suites' arbitraries are its instances, not a bundled copy's.
      const { Arbitrary } = createRequire(path.join(process.cwd(), 'package.json'))('fast-check') as typeof import('fast-check');
      for (const entry of inputs) {
        expect(entry.input).toBeInstanceOf(Arbitrary);
        expect(entry.sample(7)).toHaveLength(24);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('names the file (and the case) when a suite is invalid', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-'));
    });
    afterAll(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const valid = "{ id: 'first-case', name: 'a valid case', visible: true, input: {}, run: (user) => user, check: () => undefined }";
    const invalid: [string, string, string][] = [
      ['does not build', 'export default { cases: [ { id: ', ': does not build: '],
      ['has no default export', `export const cases = [${valid}];`, ': must `export default defineTests<...>()([...cases])`'],
      ['has no cases', 'export default { cases: [] };', ': must `export default defineTests<...>()([...cases])`'],
      ['has an id that is not kebab-case', `export default { cases: [${valid.replace("'first-case'", "'First_Case'")}] };`, ': case 1: id must be kebab-case'],
      ['uses an id twice', `export default { cases: [${valid}, ${valid}] };`, ': case 2: id "first-case" is used twice'],
      ['has a name that does not say the behaviour', `export default { cases: [${valid.replace("'a valid case'", "'ok'")}] };`, ': case 1: name must say the behaviour'],
      ['has no visible flag', `export default { cases: [${valid.replace('visible: true, ', '')}] };`, ': case 1: visible must be true or false'],
      ['has no check', `export default { cases: [${valid.replace(', check: () => undefined', '')}] };`, ': case 1: run and check must be functions'],
      ['has a driver without source', `export default { cases: [${valid.replace('run: (user) => user', 'run: ((user) => user).bind(null)')}] };`, ': case 1: cannot send this driver to the sandbox'],
    ];

    for (const [what, source, message] of invalid) {
      it(`when it ${what}`, async () => {
        const file = path.join(dir, `${what.replace(/\W+/g, '-')}.ts`);
        fs.writeFileSync(file, source);
        const rel = path.relative(process.cwd(), file);
        const loading = loadSuiteDefinition({ testsFile: file });
        await expect(loading).rejects.toBeInstanceOf(TestSuiteError);
        await expect(loading).rejects.toThrow(`${rel}${message}`);
      });
    }
  });
});
