/**
 * A throwaway PostgreSQL 15 cluster for tests: `initdb` into a temp dir (once per machine, then copied),
 * `pg_ctl start` on a free loopback port with its unix socket in the temp dir, trust auth, no fsync.
 * initdb refuses to run as root, so as root every command runs as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const BIN = process.env.KINO_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const USER = 'kino';
const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

async function asPostgres(command: string, args: string[]): Promise<void> {
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]]
    : [join(BIN, command), args];
  await run(file, argv, { timeout: 60_000 });
}

async function chownToPostgres(path: string): Promise<void> {
  if (asRoot) await run('chown', ['-R', 'postgres:postgres', path]);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An initialised, never-started cluster, made once and copied for each server (initdb costs seconds). */
async function template(): Promise<string> {
  const path = join(tmpdir(), `kino-pg-template-15-${asRoot ? 'root' : process.getuid?.()}`);
  if (await stat(join(path, 'PG_VERSION')).catch(() => undefined)) return path;
  const building = await mkdtemp(join(tmpdir(), 'kino-pg-build-'));
  await chownToPostgres(building);
  const data = join(building, 'data');
  await asPostgres('initdb', [
    '-D',
    data,
    '-U',
    USER,
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  // Another process may have built one meanwhile; either is fine.
  await rename(data, path).catch(() => undefined);
  await rm(building, { recursive: true, force: true });
  return path;
}

export interface PostgresServer {
  /** `postgres://kino@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** A fast stop and start on the same port and data: connections drop, data stays. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

let serial = 0;

export async function startPostgres(): Promise<PostgresServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kino-pg-'));
  const data = join(dir, 'data');
  await cp(await template(), data, { recursive: true });
  await chownToPostgres(dir);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=16MB',
    '-c max_connections=200',
  ].join(' ');
  const start = () =>
    asPostgres('pg_ctl', ['start', '-w', '-D', data, '-l', join(dir, 'log'), '-o', options]);
  const stop = () => asPostgres('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
  await start();
  const url = `postgres://${USER}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    async createDatabase(name = `kino_test_${process.pid}_${++serial}`) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://${USER}@127.0.0.1:${port}/${name}`;
    },
    async restart() {
      await stop();
      await start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
