import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { exerciseFingerprint } from '@/lib/exercises/exercise-fingerprint';
import type { Exercise } from '@/lib/exercises/load-catalog';

/** The share of non-equivalent mutants an exercise's tests must kill. */
export const MUTATION_SCORE_TARGET = 0.9;

export const MUTANT_OUTCOMES = ['killed', 'survived', 'timeout', 'equivalent'] as const;
export type MutantOutcome = (typeof MUTANT_OUTCOMES)[number];

const reportSchema = z.object({
  /** exerciseFingerprint when the mutants were graded: the report is stale when it changes. */
  fingerprint: z.string(),
  generatedAt: z.string(),
  mutants: z.array(
    z.object({
      key: z.string(),
      mutatorName: z.string(),
      line: z.number().int(),
      outcome: z.enum(MUTANT_OUTCOMES),
      /** For killed mutants: the first test that failed. */
      killedBy: z.string().optional(),
      /** For survived and equivalent mutants: what changed. */
      diff: z.string().optional(),
      /** For equivalent mutants: why no test can tell (from equivalent-mutants.json). */
      reason: z.string().optional(),
      durationMs: z.number(),
    }),
  ),
});
export type MutationReport = z.infer<typeof reportSchema>;

/** `.meta/equivalent-mutants.json`: mutants that behave exactly like the solution, each with why. */
const equivalentsSchema = z.array(z.object({ mutant: z.string().min(5), reason: z.string().min(10) }).strict());
export type EquivalentMutant = z.infer<typeof equivalentsSchema>[number];

export const mutationReportFile = (exercise: Pick<Exercise, 'dir'>) => path.join(exercise.dir, '.meta', 'mutation-report.json');
const equivalentsFile = (exercise: Pick<Exercise, 'dir'>) => path.join(exercise.dir, '.meta', 'equivalent-mutants.json');

export function readMutationReport(exercise: Pick<Exercise, 'dir'>): MutationReport | undefined {
  const file = mutationReportFile(exercise);
  return fs.existsSync(file) ? reportSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined;
}

export function writeMutationReport(exercise: Pick<Exercise, 'dir'>, report: MutationReport): void {
  fs.writeFileSync(mutationReportFile(exercise), `${JSON.stringify(report, null, 2)}\n`);
}

export function readEquivalentMutants(exercise: Pick<Exercise, 'dir' | 'relDir'>): EquivalentMutant[] {
  const file = equivalentsFile(exercise);
  if (!fs.existsSync(file)) return [];
  const parsed = equivalentsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${exercise.relDir}/.meta/equivalent-mutants.json: must be a list of { "mutant": "<key from the report>", "reason": "..." }`);
  return parsed.data;
}

export interface MutationScore {
  killed: number;
  survived: number;
  timedOut: number;
  equivalent: number;
  /** Killed or timed out, over all non-equivalent mutants (1 when there are none). */
  score: number;
}

/** The score of a report; mutants named in `equivalents` (keys) count as equivalent whatever the run found. */
export function scoreOf(report: MutationReport, equivalents: ReadonlySet<string> = new Set()): MutationScore {
  const outcomeOf = (m: MutationReport['mutants'][number]): MutantOutcome => (equivalents.has(m.key) ? 'equivalent' : m.outcome);
  const count = (outcome: MutantOutcome) => report.mutants.filter((m) => outcomeOf(m) === outcome).length;
  const [killed, survived, timedOut, equivalent] = [count('killed'), count('survived'), count('timeout'), count('equivalent')];
  const judged = killed + survived + timedOut;
  return { killed, survived, timedOut, equivalent, score: judged === 0 ? 1 : (killed + timedOut) / judged };
}

/** What is wrong with the exercise's report, or undefined when it is current and meets the target. */
export function mutationReportProblem(exercise: Exercise, report: MutationReport): string | undefined {
  if (report.fingerprint !== exerciseFingerprint(exercise)) return `the mutation report is stale (the solution, tests or data changed since): run \`npm run exercises:mutate -- --only ${exercise.meta.slug}\``;
  const keys = new Set(report.mutants.map((m) => m.key));
  const equivalents = readEquivalentMutants(exercise);
  const unknown = equivalents.find((e) => !keys.has(e.mutant));
  if (unknown) return `equivalent-mutants.json names "${unknown.mutant}", which is no mutant of the solution`;
  const { score } = scoreOf(report, new Set(equivalents.map((e) => e.mutant)));
  if (score < MUTATION_SCORE_TARGET) return `mutation score ${(score * 100).toFixed(1)}% is below the target of ${MUTATION_SCORE_TARGET * 100}%: see the survivors in .meta/mutation-report.json`;
  return undefined;
}
