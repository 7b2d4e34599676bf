/**
 * Entry of a grader process (started by the pool, possibly inside bubblewrap). Grades one job
 * at a time and answers over the IPC channel: one message in and one out per submission. Any
 * crash ends the process; the pool replaces it.
 */
import fs from 'node:fs';
import { inspectConfinement } from './inspect-confinement';
import type { GraderMemory, SupervisorMessage, WorkerMessage } from './job';
import { JobRunner } from './run-job';
import { SandboxStock, snapshotRuntime } from './sandbox-stock';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [runtimePath, artifactsDir, projectDir, preparedContexts] = process.argv.slice(2);
  const stockSize = Number(preparedContexts);
  if (!runtimePath || !artifactsDir || !projectDir || !Number.isInteger(stockSize) || stockSize < 0) {
    throw new Error('usage: grader-worker <runtime bundle> <bundles folder> <project folder> <contexts to prepare>');
  }
  // Before any job: what this process can reach, for the server to check against what it asked for.
  const confinement = inspectConfinement({ project: projectDir, artifacts: artifactsDir });
  const stock = new SandboxStock(snapshotRuntime(fs.readFileSync(runtimePath, 'utf8')), stockSize);
  const runner = new JobRunner(stock);
  stock.refill();

  let busy = Promise.resolve();
  process.on('message', (message: SupervisorMessage) => {
    if (message.type !== 'job') return;
    busy = busy.then(async () => {
      // Measured as the job arrives: the process with the stock it prepared while it waited.
      const memory: GraderMemory = { residentBytes: process.memoryUsage.rss(), preparedContexts: stock.readyContexts };
      const outcome = await runner.run(message.job);
      send({ type: 'result', jobId: message.jobId, outcome, memory });
      // Off the critical path: the next submission's isolate is made once this one's outcome is on its way.
      stock.refill();
    });
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', confinement });
}

main().catch((error: unknown) => {
  process.stderr.write(`grader process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
