import { spawn, type ChildProcess } from 'node:child_process';
import type { ConfinementReport } from './confinement-report';
import type { GradeJob, JobOutcome, SupervisorMessage, WorkerMessage } from './worker/job';

export type PoolResult =
  | { kind: 'done'; outcome: JobOutcome }
  /** The grader process died or was killed while grading (watchdog, out of memory, crash). */
  | { kind: 'crashed'; reason: 'deadline' | 'memory' | 'crash'; detail: string };

export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

export class PoolUnavailableError extends Error {
  override name = 'PoolUnavailableError';
}

export interface PoolOptions {
  size: number;
  queueLimit: number;
  runsPerWorker: number;
  /** How to start one grader process (with or without bubblewrap). */
  command: { file: string; args: string[]; env: NodeJS.ProcessEnv };
  log?: (message: string) => void;
}

interface Job {
  job: GradeJob;
  deadlineMs: number;
  resolve: (result: PoolResult) => void;
}

interface Worker {
  child: ChildProcess;
  state: 'starting' | 'idle' | 'busy' | 'retiring';
  runs: number;
  stderr: string;
  current?: { jobId: number; job: Job; timer: NodeJS.Timeout };
}

const MAX_FAILED_STARTS = 5;

/**
 * A warm pool of grader processes, one job each at a time. Processes are replaced after
 * `runsPerWorker` jobs, after any crash, and when a job overruns its deadline (SIGKILL).
 */
export class GraderPool {
  private readonly workers = new Set<Worker>();
  private readonly queue: Job[] = [];
  private nextJobId = 1;
  private failedStarts = 0;
  private stopped = false;
  private readyWaiters: (() => void)[] = [];
  /** What the most recently started grader process reported it can reach. */
  confinementReport: ConfinementReport | undefined;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.size; i += 1) this.spawnWorker();
  }

  /** Resolves when at least one grader process is ready. */
  ready(): Promise<void> {
    if ([...this.workers].some((w) => w.state === 'idle' || w.state === 'busy')) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  stats() {
    const workers = [...this.workers];
    return {
      workers: workers.length,
      busy: workers.filter((w) => w.state === 'busy').length,
      queued: this.queue.length,
    };
  }

  /** Grades `job`, killing its process if it has not answered within `deadlineMs`. */
  run(job: GradeJob, deadlineMs: number): Promise<PoolResult> {
    if (this.stopped) return Promise.reject(new PoolUnavailableError('The grader is shutting down.'));
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      return Promise.reject(new PoolUnavailableError('Grader processes fail to start on this server; see the server log.'));
    }
    if (this.queue.length >= this.options.queueLimit) {
      return Promise.reject(new QueueFullError(`${this.queue.length} submissions are already waiting for a grader.`));
    }
    return new Promise((resolve) => {
      this.queue.push({ job, deadlineMs, resolve });
      this.pump();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiting of this.queue.splice(0)) waiting.resolve({ kind: 'crashed', reason: 'crash', detail: 'grader stopped' });
    await Promise.all([...this.workers].map((w) => this.kill(w)));
  }

  private kill(worker: Worker): Promise<void> {
    return new Promise((resolve) => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve();
      worker.child.once('exit', () => resolve());
      worker.child.kill('SIGKILL');
    });
  }

  private spawnWorker(): void {
    if (this.stopped) return;
    const { file, args, env } = this.options.command;
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', env });
    const worker: Worker = { child, state: 'starting', runs: 0, stderr: '' };
    this.workers.add(worker);
    child.stderr?.on('data', (chunk: Buffer) => {
      worker.stderr = (worker.stderr + chunk.toString()).slice(-4_000);
    });
    child.on('message', (message: WorkerMessage) => this.onMessage(worker, message));
    child.on('error', (error) => this.options.log?.(`grader process error: ${error.message}`));
    child.on('exit', (code, signal) => this.onExit(worker, code, signal));
  }

  private onMessage(worker: Worker, message: WorkerMessage): void {
    if (message.type === 'ready') {
      worker.state = 'idle';
      this.confinementReport = message.confinement;
      this.failedStarts = 0;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
      this.pump();
      return;
    }
    const current = worker.current;
    if (!current || current.jobId !== message.jobId) return;
    clearTimeout(current.timer);
    worker.current = undefined;
    worker.runs += 1;
    current.job.resolve({ kind: 'done', outcome: message.outcome });
    if (worker.runs >= this.options.runsPerWorker) {
      worker.state = 'retiring';
      void this.kill(worker);
    } else {
      worker.state = 'idle';
    }
    this.pump();
  }

  private onExit(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    const { current } = worker;
    this.workers.delete(worker);
    if (current) {
      clearTimeout(current.timer);
      // V8's fatal heap report ("Last few GCs", "is_heap_oom = 1") or Node's "heap out of memory".
      const outOfMemory = /out of memory|allocation failed|heap limit|is_heap_oom|Last few GCs/i.test(worker.stderr);
      if (!outOfMemory) this.options.log?.(`grader process died while grading (code ${code}, signal ${signal}): ${worker.stderr.trim().slice(-500)}`);
      current.job.resolve({
        kind: 'crashed',
        reason: outOfMemory ? 'memory' : 'crash',
        detail: `grader process exited (code ${code}, signal ${signal})`,
      });
    }
    if (worker.state === 'starting') {
      this.failedStarts += 1;
      this.options.log?.(`grader process failed to start (code ${code}, signal ${signal}): ${worker.stderr.trim().slice(-500)}`);
    }
    if (!this.stopped && this.failedStarts < MAX_FAILED_STARTS) this.spawnWorker();
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      for (const waiting of this.queue.splice(0)) waiting.resolve({ kind: 'crashed', reason: 'crash', detail: 'grader processes fail to start' });
    }
  }

  private pump(): void {
    for (const worker of this.workers) {
      if (worker.state !== 'idle') continue;
      const job = this.queue.shift();
      if (!job) return;
      const jobId = this.nextJobId++;
      const timer = setTimeout(() => {
        worker.current = undefined;
        worker.state = 'retiring';
        job.resolve({ kind: 'crashed', reason: 'deadline', detail: `no answer within ${job.deadlineMs} ms` });
        void this.kill(worker);
      }, job.deadlineMs);
      worker.state = 'busy';
      worker.current = { jobId, job, timer };
      const message: SupervisorMessage = { type: 'job', jobId, job: job.job };
      worker.child.send(message);
    }
  }
}
