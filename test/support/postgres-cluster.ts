import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './app-server';

const run = promisify(execFile);

/** A PostgreSQL server of its own, in a temporary folder, listening on 127.0.0.1 only. */
export interface PostgresCluster {
  /** URL of the cluster's `postgres` database (superuser `app`, no password: local trust only). */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server at once and deletes its folder. */
  stop(): Promise<void>;
}

/** The newest PostgreSQL Debian installed (`postgresql` package): /usr/lib/postgresql/<version>/bin. */
function findServerBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => path.join(root, v, 'bin')).find((dir) => fs.existsSync(path.join(dir, 'initdb')));
  if (!bin) throw new Error('PostgreSQL is not installed: run `bash test/support/ensure-system-packages.sh` (installs Debian\'s postgresql) or `apt-get install postgresql`.');
  return bin;
}

/**
 * The server refuses to run as root: as root, its folder is given to the `postgres` system user
 * (made by the Debian package) and its commands run as that user.
 */
function asServerUser(dir: string): (command: string, args: string[]) => Promise<unknown> {
  if (process.getuid?.() !== 0) return (command, args) => run(command, args);
  const { uid, gid } = postgresSystemUser();
  fs.chownSync(dir, uid, gid);
  return (command, args) => run('runuser', ['-u', 'postgres', '--', command, ...args]);
}

function postgresSystemUser(): { uid: number; gid: number } {
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith('postgres:'));
  const [, , uid, gid] = passwd?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('No `postgres` system user: install Debian\'s postgresql package, which creates it.');
  return { uid: Number(uid), gid: Number(gid) };
}

/** initdb into a new temporary folder, then start the server on `port` (default: a free one) of 127.0.0.1. */
export async function startPostgresCluster(options: { port?: number } = {}): Promise<PostgresCluster> {
  const bin = findServerBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-pg-'));
  const data = path.join(dir, 'data');
  const asUser = asServerUser(dir);
  const port = options.port ?? (await freePort());
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  try {
    await asUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'app', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await asUser(path.join(bin, 'pg_ctl'), ['start', '-D', data, '-w', '-t', '60', '-l', path.join(dir, 'server.log'), '-o', serverOptions]);
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`Cannot start a PostgreSQL cluster: ${error instanceof Error ? error.message : String(error)}\n${log}`);
  }
  const url = `postgres://app@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    url,
    async createDatabase(name = `test_${process.pid}_${++databases}`) {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return `postgres://app@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    async stop() {
      await asUser(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
