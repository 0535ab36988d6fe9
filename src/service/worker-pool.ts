/**
 * The embedded service's render workers. By default each is a `kino worker` child process: a crash in a
 * render (or a SIGKILL) takes down only that worker, whose lease then expires, and the pool starts a new
 * one. A test backend object cannot cross a process boundary, so with one the workers run in-process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { withMallocTuning } from '../../bin/malloc-tuning.js';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { scratchDirOf } from './data-dir.ts';
import { runWorker, type WorkerOptions } from './worker.ts';

export interface WorkerPool {
  /** Process ids of the live worker processes (empty for in-process workers). */
  pids(): number[];
  /** Stops every worker: renders in progress are aborted and their jobs given back. */
  close(): Promise<void>;
}

const KINO_BIN = fileURLToPath(new URL('../../bin/kino.js', import.meta.url));
/** A worker that dies is replaced after this pause, so a worker that cannot start does not spin. */
const RESPAWN_DELAY_MS = 500;
const STOP_GRACE_MS = 10_000;

export interface ProcessPoolOptions {
  readonly dataDir: string;
  readonly count: number;
  readonly quality: 'preview' | 'standard' | 'high';
  readonly renderThreads?: number;
  readonly leaseMs: number;
  readonly assetTtlSeconds: number;
}

export function startWorkerProcesses(options: ProcessPoolOptions): WorkerPool {
  const children = new Map<number, ChildProcess>();
  let closing = false;
  let serial = 0;

  function start(): void {
    const workerId = `w${process.pid}-${++serial}`;
    const args = [
      KINO_BIN,
      'worker',
      '--data-dir',
      options.dataDir,
      '--id',
      workerId,
      '--quality',
      options.quality,
      '--lease-ms',
      String(options.leaseMs),
      '--asset-ttl',
      String(options.assetTtlSeconds),
      ...(options.renderThreads ? ['--threads', String(options.renderThreads)] : []),
    ];
    // The IPC channel is the worker's lifeline: when this process dies, the worker sees it close and stops.
    // With the malloc tuning already set, bin/kino.js runs the worker itself rather than through a
    // launcher process, so the pid here is the worker's own (signals and crash tests reach it).
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: withMallocTuning(process.env),
    });
    const pid = child.pid;
    if (pid === undefined) return;
    children.set(pid, child);
    child.once('exit', () => {
      children.delete(pid);
      // A killed worker's partial render is garbage; its job comes back when the lease expires.
      void rm(scratchDirOf(options.dataDir, workerId), { recursive: true, force: true });
      if (!closing) setTimeout(() => !closing && start(), RESPAWN_DELAY_MS).unref();
    });
  }

  for (let i = 0; i < options.count; i++) start();
  return {
    pids: () => [...children.keys()],
    async close() {
      closing = true;
      await Promise.all(
        [...children.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
              child.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

export function startInProcessWorkers(
  count: number,
  options: (workerId: string) => Omit<WorkerOptions, 'signal' | 'workerId'>,
): WorkerPool {
  const stop = new AbortController();
  const loops = Array.from({ length: count }, (_, i) => {
    const workerId = `inproc${process.pid}-${i + 1}`;
    return runWorker({ ...options(workerId), workerId, signal: stop.signal }).catch((err: unknown) => {
      process.stderr.write(
        `kino serve: worker ${workerId} stopped: ${(err as Error).stack ?? String(err)}\n`,
      );
    });
  });
  return {
    pids: () => [],
    async close() {
      stop.abort();
      await Promise.all(loops);
    },
  };
}
