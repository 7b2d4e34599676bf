/**
 * Entry of a grader process (started by the pool, possibly inside bubblewrap). Grades one job
 * at a time and answers over the IPC channel. Any crash ends the process; the pool replaces it.
 */
import fs from 'node:fs';
import { inspectConfinement } from './inspect-confinement';
import type { SupervisorMessage, WorkerMessage } from './job';
import { JobRunner } from './run-job';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [runtimePath, artifactsDir, projectDir] = process.argv.slice(2);
  if (!runtimePath || !artifactsDir || !projectDir) throw new Error('usage: grader-worker <runtime bundle> <bundles folder> <project folder>');
  // Before any job: what this process can reach, for the server to check against what it asked for.
  const confinement = inspectConfinement({ project: projectDir, artifacts: artifactsDir });
  const runner = new JobRunner(fs.readFileSync(runtimePath, 'utf8'));
  // Compile once so later isolates load tfjs from the V8 code cache.
  await runner.run({ code: 'exports.warm = () => 1;', exports: ['warm'], cases: [], memoryMb: 64, seed: 1, logCapBytes: 1024 });

  let busy = Promise.resolve();
  process.on('message', (message: SupervisorMessage) => {
    if (message.type !== 'job') return;
    busy = busy.then(async () => {
      const outcome = await runner.run(message.job);
      send({ type: 'result', jobId: message.jobId, outcome });
    });
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', confinement });
}

main().catch((error: unknown) => {
  process.stderr.write(`grader process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
