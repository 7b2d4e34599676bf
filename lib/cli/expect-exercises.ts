/**
 * `npm run exercises:expect [-- --only <slug>]`: runs each exercise's reference solution on its
 * generated inputs through the real sandbox and writes `.meta/expected-outputs.json`.
 */
import { runExerciseCommand } from './run-exercise-command';
import { computeExpectedOutputs } from '@/lib/grading/compute-expected-outputs';
import { writeExpectedOutputs } from '@/lib/grading/expected-outputs';

runExerciseCommand(async (exercises) => {
  for (const exercise of exercises) {
    const startedAt = performance.now();
    const expected = await computeExpectedOutputs(exercise);
    const cases = Object.keys(expected.outputs).length;
    if (cases > 0) writeExpectedOutputs(exercise, expected);
    console.log(`${exercise.relDir}: ${cases > 0 ? `${cases} generated cases, ${Object.values(expected.outputs).flat().length} outputs` : 'no generated cases'} (${Math.round(performance.now() - startedAt)} ms)`);
  }
  return 0;
});
