/**
 * Entry of a grader process (started by the pool, possibly inside bubblewrap). Grades one job
 * at a time and answers over the IPC channel. Any crash ends the process; the pool replaces it.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { SupervisorMessage, WorkerMessage } from './job';
import { JobRunner } from './run-job';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** Whether this process sees a network interface other than loopback (it should not, when confined). */
function hasNetworkInterface(): boolean {
  return Object.entries(os.networkInterfaces()).some(([name, addresses]) => name !== 'lo' && (addresses ?? []).some((a) => !a.internal));
}

function canWrite(dir: string): boolean {
  const probe = `${dir}/.grader-write-probe-${process.pid}`;
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const runtimePath = process.argv[2];
  const projectDir = process.argv[3] ?? process.cwd();
  if (!runtimePath) throw new Error('usage: grader-worker <runtime bundle> <project dir>');
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
  send({ type: 'ready', confinementCheck: { network: hasNetworkInterface(), writableRoot: canWrite(projectDir) } });
}

main().catch((error: unknown) => {
  process.stderr.write(`grader process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
