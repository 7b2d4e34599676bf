import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import packageJson from '@/package.json';
import { useAppEngine } from '@/test/helpers/use-app-engine';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';
import { useTempProject } from '@/test/helpers/use-temp-project';

let project: ReturnType<typeof useTempProject> | undefined;
afterEach(() => project?.cleanup());

async function getHealth(): Promise<{ status: number; body: Record<string, unknown> }> {
  const { GET } = await import('@/app/api/health/route');
  const response = await GET(new Request('http://127.0.0.1/api/health'));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /api/health', () => {
  it('is ok with a fresh migrated database and a valid catalog', async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    const { status, body } = await getHealth();
    expect(status).toBe(200);
    // toMatchObject: other checks (the grader) add their own fields.
    expect(body).toMatchObject({
      status: 'ok',
      version: packageJson.version,
      database: { ok: true },
      exercises: { ok: true, count: 2 },
    });
    // The database file was created and migrated on first use.
    expect(fs.existsSync(path.join(project.root, 'data', 'test.db'))).toBe(true);
  });

  it('is degraded (503) with the message when the database cannot be opened', async () => {
    // The database's folder is a regular file, so it can be neither created nor opened.
    project = useTempProject({ databasePath: (root) => path.join(root, 'not-a-folder', 'app.db') });
    writeFixtureCatalog(project.root);
    fs.writeFileSync(path.join(project.root, 'not-a-folder'), 'x');
    const { status, body } = await getHealth();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'degraded', database: { ok: false }, exercises: { ok: true, count: 2 } });
    expect((body.database as { error: string }).error).toMatch(/Cannot open the database at DATABASE_PATH=/);
  });

  it('is degraded (503) with the problems when the catalog is broken', async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    fs.writeFileSync(path.join(project.root, 'exercises', 'feature-engineering', 'scale-without-leakage', 'meta.json'), '{ nope');
    const { status, body } = await getHealth();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'degraded', database: { ok: true }, exercises: { ok: false, count: 0 } });
    expect((body.exercises as { error: string }).error).toMatch(/meta\.json: is not valid JSON/);
  });
});

describe('GET /api/health on PostgreSQL (DATABASE_URL)', () => {
  const engine = useAppEngine('postgresql');
  afterEach(() => engine.stop());

  it('is ok with a migrated PostgreSQL database, and makes no SQLite file', async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    await engine.start();
    const { status, body } = await getHealth();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, exercises: { ok: true, count: 2 } });
    expect(fs.existsSync(path.join(project.root, 'data', 'test.db'))).toBe(false);
  });

  it('is degraded (503) with a message naming DATABASE_URL, without its password, when the server cannot be reached', async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    vi.stubEnv('DATABASE_URL', 'postgres://app:s3cret@127.0.0.1:1/none');
    const { status, body } = await getHealth();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'degraded', database: { ok: false }, exercises: { ok: true, count: 2 } });
    const { error } = body.database as { error: string };
    expect(error).toContain('DATABASE_URL=postgres://app:***@127.0.0.1:1/none');
    expect(error).not.toContain('s3cret');
  });
});
