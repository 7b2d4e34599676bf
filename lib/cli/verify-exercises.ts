/**
 * `npm run exercises:verify [-- --catalog <dir>] [-- --only <slug>]`: grades every exercise's
 * solution, starter and mutants through the real sandbox, checks its interview questions
 * (`.meta/questions.json`), prints a table, exits 1 on any miss.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalogOrThrow, loadExerciseOrThrow } from '@/lib/exercises/load-catalog';
import { getGrader, stopGrader } from '@/lib/grading/grader';
import { verifyExercise, type VerificationRow } from '@/lib/grading/verify-exercise';
import { verifyQuestions } from '@/lib/interview/verify-questions';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { catalog: { type: 'string', default: 'exercises' }, only: { type: 'string' } } });
  // --only loads just that folder: others may be half-written; the whole catalog is checked without it.
  const exercises = values.only ? [loadExerciseOrThrow(path.resolve(values.catalog), values.only)] : loadCatalogOrThrow(path.resolve(values.catalog));
  if (exercises.length === 0) {
    console.error(`No exercises found under ${values.catalog}.`);
    return 1;
  }
  // Start the grader pool first, so the times below are grading times, not start-up.
  const warmStartedAt = performance.now();
  await getGrader();
  console.log(`Grader ready in ${Math.round(performance.now() - warmStartedAt)} ms.\n`);
  const rows: VerificationRow[] = [];
  for (const exercise of exercises) {
    for (const row of [...(await verifyExercise(exercise)), verifyQuestions(exercise)]) {
      rows.push(row);
      const mark = row.ok ? 'ok  ' : 'MISS';
      console.log(`${mark} ${row.exercise.padEnd(52)} ${row.subject.padEnd(34)} ${row.status.padEnd(8)} ${String(row.durationMs).padStart(6)} ms${row.problem ? `\n       ${row.problem}` : ''}`);
    }
  }
  const misses = rows.filter((r) => !r.ok);
  const slowest = rows.filter((r) => r.subject === 'solution').sort((a, b) => b.durationMs - a.durationMs)[0];
  console.log(`\n${exercises.length} exercises, ${rows.length} checks, ${misses.length} missed. Slowest reference grade: ${slowest?.exercise} ${slowest?.durationMs} ms.`);
  return misses.length === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await stopGrader();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await stopGrader();
    process.exit(1);
  });
