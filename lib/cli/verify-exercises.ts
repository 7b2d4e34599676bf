/**
 * `npm run exercises:verify [-- --catalog <dir>] [-- --only <slug>]`: grades every exercise's
 * solution, starter and mutants through the real sandbox, checks its rules, generated cases,
 * mutation report and interview questions (`.meta/questions.json`), prints a table, exits 1 on any miss.
 * Starters and mutants of several exercises are graded at a time, one per grader process.
 */
import { runExerciseCommand } from './run-exercise-command';
import { getGrader } from '@/lib/grading/grader';
import { verifyCatalog } from '@/lib/exercises/verify-catalog';

runExerciseCommand(async (exercises) => {
  const { pool } = await getGrader();
  const rows = await verifyCatalog(exercises, {
    lanes: pool.stats().workers,
    onExercise: (exerciseRows) => {
      for (const row of exerciseRows) {
        const mark = row.ok ? 'ok  ' : 'MISS';
        console.log(`${mark} ${row.exercise.padEnd(52)} ${row.subject.padEnd(34)} ${row.status.padEnd(8)} ${String(row.durationMs).padStart(6)} ms${row.problem ? `\n       ${row.problem}` : ''}`);
      }
    },
  });
  const misses = rows.filter((r) => !r.ok);
  const slowest = rows.filter((r) => r.subject === 'solution').sort((a, b) => b.durationMs - a.durationMs)[0];
  console.log(`\n${exercises.length} exercises, ${rows.length} checks, ${misses.length} missed. Slowest reference grade: ${slowest?.exercise} ${slowest?.durationMs} ms.`);
  return misses.length === 0 ? 0 : 1;
});
