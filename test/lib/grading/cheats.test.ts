/**
 * The cheat suite: every folder under test/fixtures/cheats/<exercise-slug>/<cheat>/ holds a
 * known-wrong solution of a real exercise plus a trick meant to make it pass anyway (a lying
 * model, patched built-ins, a hidden tensor, a proxy that answers differently on a second read…),
 * and the verdict it must get (`expected.json`: a status that is not "pass" and a fragment of the
 * message that names the property the trick did not hide). Graded through the real grader.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import { getGrader, stopGrader } from '@/lib/grading/grader';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '@/lib/grading/result';
import { summarizeGrade } from '@/test/helpers/summarize-grade';

const CHEATS = path.resolve(__dirname, '..', '..', 'fixtures', 'cheats');
const DOUBLE_THE_VALUES = 'double-the-values';

interface Expected {
  status: Exclude<SubmissionStatus, 'pass'>;
  /** Found in the submission's message or in a test's message. */
  fragment: string;
}

interface Cheat {
  slug: string;
  name: string;
  code: string;
  expected: Expected;
}

function readExpected(file: string): Expected {
  const value = JSON.parse(fs.readFileSync(file, 'utf8')) as { status?: string; fragment?: unknown };
  if (!SUBMISSION_STATUSES.includes(value.status as SubmissionStatus) || value.status === 'pass') throw new Error(`${file}: status must be a verdict other than pass`);
  if (typeof value.fragment !== 'string' || value.fragment === '') throw new Error(`${file}: fragment must be a non-empty string`);
  return { status: value.status as Expected['status'], fragment: value.fragment };
}

const dirs = (dir: string) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

const cheats: Cheat[] = dirs(CHEATS).flatMap((slug) =>
  dirs(path.join(CHEATS, slug)).map((name) => ({
    slug,
    name,
    code: fs.readFileSync(path.join(CHEATS, slug, name, 'submission.ts'), 'utf8'),
    expected: readExpected(path.join(CHEATS, slug, name, 'expected.json')),
  })),
);


let catalog: Map<string, Exercise>;

beforeAll(async () => {
  catalog = new Map(loadCatalogOrThrow(path.resolve(__dirname, '..', '..', '..', 'exercises')).map((e) => [e.meta.slug, e]));
  await getGrader();
}, 60_000);

afterAll(async () => {
  await stopGrader();
});

describe('cheats on real exercises', () => {
  it('has at least 25 cheats across at least 8 real exercises', () => {
    expect(cheats.length).toBeGreaterThanOrEqual(25);
    const slugs = new Set(cheats.map((c) => c.slug));
    expect(slugs.has(DOUBLE_THE_VALUES)).toBe(false);
    expect(slugs.size).toBeGreaterThanOrEqual(8);
  });

  for (const { slug, name, code, expected } of cheats) {
    it(`${slug}/${name}: ${expected.status}, "${expected.fragment}"`, async () => {
      const exercise = catalog.get(slug);
      expect(exercise, `no exercise "${slug}" in the catalog`).toBeDefined();
      const result = await gradeSubmission({ exercise: exercise!, code, mode: 'submit' });
      expect(result.status, summarizeGrade(result)).not.toBe('pass');
      expect(result.status, summarizeGrade(result)).toBe(expected.status);
      const texts = [result.message ?? '', ...result.tests.map((t) => t.message ?? '')];
      expect(
        texts.some((text) => text.includes(expected.fragment)),
        `"${expected.fragment}" not found in any message:\n${summarizeGrade(result)}`,
      ).toBe(true);
    }, 120_000);
  }
});

describe('a latency test times a run again only when it gives the judged run’s answer', () => {
  // Code can tell a later run of the same isolate from the first: a large function is compiled on
  // its first call in the isolate, so that call is slow once and fast in every later context.
  const probe = `function coldProbe(a: number): number {\nif (a === -12345) {\n${Array.from({ length: 5000 }, (_, i) => `a=(a*${3 + (i % 7)}+${i})|0;`).join('')}\n}\nreturn a;\n}\n`;
  const slowScorer = (whenRunAgain: string) => `import * as tf from '@tensorflow/tfjs';
export interface FlightRequest { flight: string; features: number[] }
export interface ScorerOptions { maxBatch: number; cacheCapacity: number }
export interface Scorer { score(requests: FlightRequest[]): number[]; stats(): { cacheHits: number; cacheSize: number } }
${probe}
function runAgain(): boolean { const t0 = performance.now(); coldProbe(1); return performance.now() - t0 < 3; }
function slowWork(ms: number): void { const end = Date.now() + ms; while (Date.now() < end) { /* far too slow */ } }
export function createScorer(model: tf.LayersModel, options: ScorerOptions): Scorer {
  void options;
  const again = runAgain();
  return {
    score(requests: FlightRequest[]): number[] {
      ${whenRunAgain}
      slowWork(100);
      return requests.map((request) => tf.tidy(() => (model.predict(tf.tensor2d([request.features])) as tf.Tensor).dataSync()[0]!));
    },
    stats: () => ({ cacheHits: 0, cacheSize: 0 }),
  };
}
`;

  const runsAgain: [string, string][] = [
    ['throws at once when run again', "if (again) throw new Error('fast');"],
    ['answers nothing at once when run again', 'if (again) return [];'],
  ];
  for (const [what, whenRunAgain] of runsAgain) {
    it(`a scorer far too slow on the judged run that ${what} fails on its time`, async () => {
      const exercise = catalog.get('meet-the-latency-sla')!;
      const result = await gradeSubmission({ exercise, code: slowScorer(whenRunAgain), mode: 'submit', caseIds: ['replays-within-the-time-budget'] });
      // As meant, the judged run is the slow one and its time fails the test. Now and then V8 has
      // the probe compiled before its first call; then the judged run takes the fast path and
      // fails on its answer. Either way the trick must not pass (it did, before runs again had to
      // repeat the judged answer).
      expect(result.status, summarizeGrade(result)).not.toBe('pass');
    }, 120_000);
  }
});
