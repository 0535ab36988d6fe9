/**
 * A throwaway `redis-server` for tests: a free loopback port and a temp dir, nothing saved unless asked.
 *
 * A Redis restart without persistence loses every key, so "restart Redis mid-job, nothing lost" needs the
 * append-only file written on every command: `{ durable: true }` starts it with `--appendonly yes
 * --appendfsync always`, which is also what operators must configure (`appendonly yes`, and `appendfsync
 * always`, or `everysec` if losing the last second of queue writes on a power cut is acceptable).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the server; `crash: true` SIGKILLs it (no shutdown save) instead of a clean SIGTERM. */
  stop(options?: { crash?: boolean }): Promise<void>;
  /** Stops and starts it again on the same port and dir (an AOF, if any, is replayed). */
  restart(options?: { crash?: boolean }): Promise<void>;
  /** Stops it and deletes its dir. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Resolves once the server answers PING (it loads the AOF before it does). */
async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.setTimeout(500);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startRedisServer(options: { durable?: boolean } = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kino-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    ...(options.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  ];
  let child: ChildProcess | undefined;
  let stderr = '';

  const start = async () => {
    const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child = proc;
    const exited = once(proc, 'exit').then(() => {
      throw new Error(`redis-server exited while starting: ${stderr}`);
    });
    await Promise.race([waitForPing(port, 10_000), exited]);
  };
  const stop = async ({ crash = false } = {}) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill(crash ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart(restartOptions) {
      await stop(restartOptions);
      await start();
    },
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
