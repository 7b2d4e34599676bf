/**
 * `npm run exercises:mutate [-- --only <slug>]`: grades every StrykerJS mutant of each exercise's
 * reference solution through the real sandbox and writes `.meta/mutation-report.json`. Heavy:
 * run it under the machine's heavy-work lock, one exercise at a time.
 */
import { runExerciseCommand } from './run-exercise-command';
import { MUTATION_SCORE_TARGET, scoreOf, writeMutationReport } from '@/lib/exercises/mutation/mutation-report';
import { runMutation } from '@/lib/exercises/mutation/run-mutation';

runExerciseCommand(async (exercises) => {
  let below = 0;
  for (const exercise of exercises) {
    const report = await runMutation(exercise, (mutant, index, total) => {
      if (mutant.outcome === 'survived') console.log(`  survived ${index + 1}/${total} ${mutant.key}\n${mutant.diff?.replace(/^/gm, '      ')}`);
    });
    writeMutationReport(exercise, report);
    const s = scoreOf(report);
    if (s.score < MUTATION_SCORE_TARGET) below += 1;
    const slowest = Math.max(0, ...report.mutants.map((m) => m.durationMs));
    console.log(
      `${exercise.relDir}: ${(s.score * 100).toFixed(1)}% (${s.killed} killed, ${s.timedOut} timed out, ${s.survived} survived, ${s.equivalent} equivalent; slowest mutant ${slowest} ms)`,
    );
  }
  return below === 0 ? 0 : 1;
});
