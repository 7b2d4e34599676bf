/**
 * `npm run bench:dashboard`: server response time of the dashboard for a user with 10,000 stored
 * submissions spread over a year on every exercise (with hint and solution reveals). Starts its own
 * production server on 127.0.0.1 with a temporary database (builds the app first if needed), signs
 * up through the API (keeping every cookie the server sets, as a browser does), seeds the rows, then
 * times GET /dashboard (the whole server-rendered page) and GET /api/progress. Every timed answer
 * must show the seeded user's solves, or the run fails: a signed-out request times an empty page.
 * Bounded: 200 timed requests each, 2 minutes at most.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteAppDatabase } from '@/db/app-db';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { getDashboard } from '@/lib/progress/get-dashboard';
import { mulberry32 } from '@/lib/seeded-random';
import { buildApp, startAppServer } from '../support/app-server';

const SUBMISSIONS = 10_000;
const WARMUP = 20;
const TIMED = 200;
// GET /dashboard, /api/progress and a baseline page, 220 requests each.
const DEADLINE_MS = 120_000;
const TARGET_P95_MS = 100;

const cookieNames = (cookie: string) => cookie.split('; ').map((pair) => pair.split('=')[0]).join(', ');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function seed(file: string, userId: string, exerciseIds: string[]): void {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const random = mulberry32(7);
  const now = Date.now();
  const year = 365 * 86_400_000;
  const insert = db.prepare(
    'INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, message, result_version, tests_json, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, 1, ?, ?, ?)',
  );
  const event = db.prepare('INSERT OR IGNORE INTO exercise_events (user_id, exercise_id, kind, hint_number, created_at) VALUES (?, ?, ?, ?, ?)');
  const tests = JSON.stringify(
    Array.from({ length: 8 }, (_, i) => ({ id: `t${i}`, name: `test ${i}`, visible: i < 3, status: 'pass', output: '', durationMs: 3 })),
  );
  const code = `export function solve(rows: number[][]): number[][] {\n${'  // work\n'.repeat(40)}  return rows;\n}\n`;
  const statuses = ['pass', 'fail', 'fail', 'error', 'timeout'] as const;
  db.transaction(() => {
    for (let i = 0; i < SUBMISSIONS; i += 1) {
      const exerciseId = exerciseIds[Math.floor(random() * exerciseIds.length)]!;
      const at = now - Math.floor(random() * year);
      const mode = random() < 0.6 ? 'run' : 'submit';
      insert.run(`bench-${i}`, userId, exerciseId, mode, code, statuses[Math.floor(random() * statuses.length)]!, tests, 40 + Math.floor(random() * 400), at);
    }
    for (const exerciseId of exerciseIds) {
      if (random() < 0.5) event.run(userId, exerciseId, 'hint_revealed', 1, now - Math.floor(random() * year));
      if (random() < 0.2) event.run(userId, exerciseId, 'solution_revealed', 0, now - Math.floor(random() * year));
    }
  })();
  db.close();
}

/** Times GET `url` as the signed-in user; every answer must contain `proof` (the seeded data, signed in). */
async function time(url: string, cookie: string, proof: string, deadline: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + TIMED && Date.now() < deadline; i += 1) {
    const startedAt = performance.now();
    const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    if (i >= WARMUP) times.push(performance.now() - startedAt);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    if (!text.includes(proof)) throw new Error(`${url} answered without ${JSON.stringify(proof)}: it did not show the seeded user's data (signed out?)`);
  }
  return times;
}

/** The cookies a browser would send after this response: every `name=value` the server set and did not expire. */
function cookiesSetBy(response: Response): string {
  return response.headers
    .getSetCookie()
    .filter((cookie) => !/;\s*max-age=0\b/i.test(cookie))
    .map((cookie) => cookie.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

async function main(): Promise<void> {
  const exerciseIds = loadCatalogOrThrow('exercises').map((e) => e.meta.uuid);
  console.log(`Machine: ${os.cpus().length} cores, Node ${process.version}; catalog: ${exerciseIds.length} exercises`);
  buildApp({ skipIfBuilt: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dashboard-'));
  const file = path.join(dir, 'app.db');
  const server = await startAppServer({ databasePath: file, waitForGrader: false });
  try {
    const signUp = await fetch(`${server.url}/api/account/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'quiet harbour lamp 2024', timeZone: 'Europe/Paris' }),
    });
    if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const cookie = cookiesSetBy(signUp);
    const account = (await (await fetch(`${server.url}/api/account`, { headers: { cookie } })).json()) as { signedIn?: boolean; email?: string };
    if (!account.signedIn) throw new Error(`the cookies sign-up set (${cookieNames(cookie)}) do not sign in: ${JSON.stringify(account)}`);
    const probe = new Database(file, { readonly: true });
    const { id } = probe.prepare("SELECT id FROM users WHERE email = 'bench@example.com'").get() as { id: string };
    probe.close();
    const seededAt = performance.now();
    seed(file, id, exerciseIds);
    // What the page must show, computed by the same code the server runs, from the seeded rows.
    const reader = openSqliteAppDatabase(file);
    const expected = await getDashboard(reader.db, id, listExercisesOrThrow(), 'Europe/Paris');
    await reader.close();
    if (expected.solved === 0) throw new Error('the seeded rows hold no solved exercise');
    console.log(`Seeded ${SUBMISSIONS} submissions for one signed-in user in ${Math.round(performance.now() - seededAt)} ms; signed in with ${cookieNames(cookie)}`);
    console.log(`Each timed answer must show them: ${expected.solved} of ${expected.total} solved, ${expected.recent.length} recent attempts\n`);

    const deadline = Date.now() + DEADLINE_MS;
    const report = (label: string, values: number[]) =>
      console.log(`  ${label.padEnd(28)} n=${values.length}  p50 ${percentile(values, 50).toFixed(1)} ms  p95 ${percentile(values, 95).toFixed(1)} ms  max ${Math.max(...values).toFixed(1)} ms`);
    console.log('Server response (sequential requests, after warm-up):');
    // React separates the count from the text after it with a comment: `>24<!-- --> <span>of`.
    const page = await time(`${server.url}/dashboard`, cookie, `data-testid="solved-count">${expected.solved}<`, deadline);
    report('GET /dashboard (HTML page)', page);
    const api = await time(`${server.url}/api/progress`, cookie, `"solved":${expected.solved},"total":${expected.total}`, deadline);
    report('GET /api/progress (JSON)', api);
    // The same layout and session lookup with no progress data: what rendering any page costs here.
    const baseline = await time(`${server.url}/settings`, cookie, 'bench@example.com', deadline);
    report('GET /settings (baseline page)', baseline);
    console.log(`  every answer (warm-up included) showed the signed-in user's data: ${expected.solved} solved on the dashboard and in the JSON, the email on settings`);
    console.log(`\nLoad average during the run: ${os.loadavg().map((n) => n.toFixed(1)).join(' / ')} (1/5/15 min) on ${os.cpus().length} cores`);
    const p95 = percentile(page, 95);
    console.log(`\nTarget p95 <= ${TARGET_P95_MS} ms for the dashboard page: ${p95 <= TARGET_P95_MS ? 'met' : 'NOT met'}`);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
