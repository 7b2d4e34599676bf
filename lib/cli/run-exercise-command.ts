import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalogOrThrow, loadExerciseOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { getGrader, stopGrader } from '@/lib/grading/grader';

/**
 * Runs a command over the catalog's exercises (`-- --catalog <dir>`, `-- --only <slug>`) with a
 * started grader pool, then stops the pool and exits with the code the command returns.
 */
export function runExerciseCommand(command: (exercises: Exercise[]) => Promise<number>): void {
  const main = async (): Promise<number> => {
    const { values } = parseArgs({ options: { catalog: { type: 'string', default: 'exercises' }, only: { type: 'string' } } });
    // --only loads just that folder: others may be half-written; the whole catalog is checked without it.
    const exercises = values.only ? [loadExerciseOrThrow(path.resolve(values.catalog), values.only)] : loadCatalogOrThrow(path.resolve(values.catalog));
    if (exercises.length === 0) {
      console.error(`No exercises found under ${values.catalog}.`);
      return 1;
    }
    // Start the grader pool first, so the times a command prints are grading times, not start-up.
    const warmStartedAt = performance.now();
    await getGrader();
    console.log(`Grader ready in ${Math.round(performance.now() - warmStartedAt)} ms.\n`);
    return command(exercises);
  };
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
}
