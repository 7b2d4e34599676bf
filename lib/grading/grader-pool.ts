import { spawn, type ChildProcess } from 'node:child_process';
import { AppError } from '@/lib/errors';
import { FairQueue } from './fair-queue';
import type { ConfinementReport } from './confinement-report';
import type { GradeJob, GraderMemory, JobOutcome, SupervisorMessage, WorkerMessage } from './worker/job';

export type PoolResult =
  | { kind: 'done'; outcome: JobOutcome }
  /** The grader process died or was killed while grading (watchdog, out of memory, crash). */
  | { kind: 'crashed'; reason: 'deadline' | 'memory' | 'crash'; detail: string };

/** How much of the pool may wait, and how much one client may hold (from gradingLimits in lib/limits.ts). */
export interface PoolLimits {
  queueLimit: number;
  runningPerClient: number;
  queuedPerClient: number;
  queueFullRetrySeconds: number;
  busyRetrySeconds: number;
}

export interface PoolOptions {
  size: number;
  limits: PoolLimits;
  runsPerWorker: number;
  /** How to start one grader process (with or without bubblewrap). */
  command: { file: string; args: string[]; env: NodeJS.ProcessEnv };
  log?: (message: string) => void;
}

interface Job {
  job: GradeJob;
  client: string;
  /** When a grader took it (Date.now()). */
  startedAt?: number;
  deadlineMs: number;
  resolve: (result: PoolResult) => void;
}

interface Worker {
  child: ChildProcess;
  state: 'starting' | 'idle' | 'busy' | 'retiring';
  /** When it last became idle (performance.now()): the longest idle has had the most time to prepare its next sandbox. */
  idleSince: number;
  runs: number;
  stderr: string;
  /** What it reported with its latest result. */
  memory?: GraderMemory;
  current?: { jobId: number; job: Job; timer: NodeJS.Timeout };
}

const MAX_FAILED_STARTS = 5;
/** A client's grading time counts half as much after this long: recent use decides who goes next. */
const USAGE_HALF_LIFE_MS = 60_000;

/**
 * A warm pool of grader processes, one job each at a time. Processes are replaced after
 * `runsPerWorker` jobs, after any crash, and when a job overruns its deadline (SIGKILL).
 */
export class GraderPool {
  private readonly workers = new Set<Worker>();
  private readonly queue = new FairQueue<Job>();
  /** Jobs in a grader, per client. */
  private readonly running = new Map<string, number>();
  /** Grading time each client used (ms, decaying with USAGE_HALF_LIFE_MS) as of `at`. */
  private readonly usage = new Map<string, { ms: number; at: number }>();
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
      queued: this.queue.size,
    };
  }

  /** Per grader process that has graded: its resident size and prepared contexts as its latest job arrived. */
  memory(): GraderMemory[] {
    return [...this.workers].flatMap((w) => (w.memory ? [w.memory] : []));
  }

  /**
   * Grades `job` for `client`, killing its process if it has not answered within `deadlineMs`.
   * Jobs wait in a queue taken in turn across clients. Rejects with a 429 AppError when the
   * client already has its share running and waiting, or the whole queue is full; with a 503
   * AppError when no grader can run.
   */
  run(job: GradeJob, deadlineMs: number, client: string): Promise<PoolResult> {
    try {
      this.admitOrThrow(client);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve) => {
      this.queue.push(client, { job, client, deadlineMs, resolve });
      this.pump();
    });
  }

  private admitOrThrow(client: string): void {
    const limits = this.options.limits;
    if (this.stopped) throw new AppError('unavailable', 'The grader is shutting down. Try again in a minute.');
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      throw new AppError('unavailable', 'The grader cannot start on this server; the administrator can find why in the server log.');
    }
    const held = (this.running.get(client) ?? 0) + this.queue.sizeOf(client);
    if (held >= limits.runningPerClient + limits.queuedPerClient) {
      throw new AppError(
        'rate_limited',
        `${held} submissions from your address are being graded or waiting. Wait for their results, then try again.`,
        { retryAfterSeconds: limits.busyRetrySeconds },
      );
    }
    if (this.queue.size >= limits.queueLimit) {
      throw new AppError('rate_limited', `The grader is busy: ${this.queue.size} submissions are waiting. Try again in a few seconds.`, {
        retryAfterSeconds: limits.queueFullRetrySeconds,
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiting of this.queue.drain()) waiting.resolve({ kind: 'crashed', reason: 'crash', detail: 'grader stopped' });
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
    const worker: Worker = { child, state: 'starting', idleSince: 0, runs: 0, stderr: '' };
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
      worker.idleSince = performance.now();
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
    worker.memory = message.memory;
    this.finish(current.job, { kind: 'done', outcome: message.outcome });
    if (worker.runs >= this.options.runsPerWorker) {
      worker.state = 'retiring';
      void this.kill(worker);
    } else {
      worker.state = 'idle';
      worker.idleSince = performance.now();
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
      this.finish(current.job, {
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
      for (const waiting of this.queue.drain()) waiting.resolve({ kind: 'crashed', reason: 'crash', detail: 'grader processes fail to start' });
    }
  }

  /** The grading time of a client's finished jobs, decayed to `now`. */
  private pastUsage(client: string, now: number): number {
    const past = this.usage.get(client);
    return past ? past.ms * 0.5 ** ((now - past.at) / USAGE_HALF_LIFE_MS) : 0;
  }

  /** A client's recent grading time: finished jobs (decayed) and the jobs it has in a grader now. */
  private usageOf(client: string, now: number): number {
    let ms = this.pastUsage(client, now);
    for (const worker of this.workers) {
      const job = worker.current?.job;
      if (job?.client === client && job.startedAt !== undefined) ms += now - job.startedAt;
    }
    return ms;
  }

  private charge(job: Job): void {
    if (job.startedAt === undefined) return;
    const now = Date.now();
    this.usage.set(job.client, { ms: this.pastUsage(job.client, now) + (now - job.startedAt), at: now });
    if (this.usage.size > 10_000) {
      for (const [client, entry] of this.usage) if (now - entry.at > 20 * USAGE_HALF_LIFE_MS) this.usage.delete(client);
    }
  }

  /** Settles a job that had a grader, freeing its client's share and charging it the time. */
  private finish(job: Job, result: PoolResult): void {
    this.charge(job);
    const left = (this.running.get(job.client) ?? 1) - 1;
    if (left > 0) this.running.set(job.client, left);
    else this.running.delete(job.client);
    job.resolve(result);
  }

  /**
   * Gives idle graders the next jobs: the client that used the graders least recently first,
   * clients in turn among equals, none beyond its share of graders. The grader idle longest goes
   * first: one that has just answered is still preparing the sandbox of its next submission.
   */
  private pump(): void {
    const { runningPerClient } = this.options.limits;
    const idle = [...this.workers].filter((w) => w.state === 'idle').sort((a, b) => a.idleSince - b.idleSince);
    for (const worker of idle) {
      const now = Date.now();
      const next = this.queue.take(
        (client) => (this.running.get(client) ?? 0) < runningPerClient,
        (client) => this.usageOf(client, now),
      );
      if (!next) return;
      const job = next.item;
      job.startedAt = now;
      this.running.set(job.client, (this.running.get(job.client) ?? 0) + 1);
      const jobId = this.nextJobId++;
      const timer = setTimeout(() => {
        worker.current = undefined;
        worker.state = 'retiring';
        this.finish(job, { kind: 'crashed', reason: 'deadline', detail: `no answer within ${job.deadlineMs} ms` });
        void this.kill(worker);
      }, job.deadlineMs);
      worker.state = 'busy';
      worker.current = { jobId, job, timer };
      const message: SupervisorMessage = { type: 'job', jobId, job: job.job };
      worker.child.send(message);
    }
  }
}
