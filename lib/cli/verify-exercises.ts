/**
 * `npm run exercises:verify [-- --catalog <dir>] [-- --only <slug>]`: grades every exercise's
 * solution, starter and mutants (each mutant until a group of its tests catches it) through the
 * real sandbox, checks its rules, generated cases, mutation report and interview questions
 * (`.meta/questions.json`), prints a table, exits 1 on any miss.
 * Several exercises are verified at a time, one per grader process, so the reference grade times it
 * prints are taken beside other grades: `--only <slug>` times one exercise alone.
 */
import { runExerciseCommand } from './run-exercise-command';
import { getGrader } from '@/lib/grading/grader';
import { verifyCatalog } from '@/lib/exercises/verify-catalog';

runExerciseCommand(async (exercises) => {
  const { pool } = await getGrader();
  const lanes = pool.stats().workers;
  const rows = await verifyCatalog(exercises, {
    lanes,
    onExercise: (exerciseRows) => {
      for (const row of exerciseRows) {
        const mark = row.ok ? 'ok  ' : 'MISS';
        console.log(`${mark} ${row.exercise.padEnd(52)} ${row.subject.padEnd(34)} ${row.status.padEnd(8)} ${String(row.durationMs).padStart(6)} ms${row.problem ? `\n       ${row.problem}` : ''}`);
      }
    },
  });
  const misses = rows.filter((r) => !r.ok);
  const alone = exercises.length === 1 || lanes === 1;
  const slowest = rows.filter((r) => r.subject === 'solution').sort((a, b) => b.durationMs - a.durationMs)[0];
  console.log(`\n${exercises.length} exercises, ${rows.length} checks, ${misses.length} missed. Slowest reference grade: ${slowest?.exercise} ${slowest?.durationMs} ms${alone ? '' : ' (beside other exercises\' grades; --only <slug> times one alone)'}.`);
  return misses.length === 0 ? 0 : 1;
});
