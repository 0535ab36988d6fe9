/**
 * Real `kino worker` processes for the scale-out tests: each has its own data dir (scratch files and its
 * signing chain) and shares nothing with the API server but Postgres, Redis and S3, configured through the
 * environment an operator would set on a worker machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withMallocTuning } from '../../bin/malloc-tuning.js';
import type { BackingConfig } from '../../src/service/backing-services.ts';

const KINO = fileURLToPath(new URL('../../bin/kino.js', import.meta.url));

/** The backing-service variables of `backing`, as `backingConfigFromEnv` reads them. */
export function backingEnv(b: BackingConfig): Record<string, string> {
  return {
    KINO_DATABASE_URL: b.databaseUrl!,
    KINO_REDIS_URL: b.redisUrl!,
    KINO_REDIS_PREFIX: b.redisPrefix!,
    KINO_S3_BUCKET: b.s3!.bucket,
    KINO_S3_ENDPOINT: b.s3!.endpoint!,
    KINO_S3_REGION: b.s3!.region,
    KINO_S3_ACCESS_KEY_ID: b.s3!.accessKeyId!,
    KINO_S3_SECRET_ACCESS_KEY: b.s3!.secretAccessKey!,
    KINO_S3_FORCE_PATH_STYLE: '1',
    KINO_S3_PREFIX: b.s3!.keyPrefix!,
  };
}

export interface WorkerProcess {
  readonly id: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGKILLs the process if it still runs, waits for it, and removes its data dir. */
  dispose(): Promise<void>;
}

export async function spawnKinoWorker(options: {
  readonly id: string;
  readonly backing: BackingConfig;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}): Promise<WorkerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), `kino-worker-${options.id}-`));
  const child = spawn(
    process.execPath,
    [KINO, 'worker', '--data-dir', dataDir, '--id', options.id, ...(options.args ?? [])],
    // With the malloc tuning already set, bin/kino.js is the worker itself, not a launcher around it.
    {
      env: withMallocTuning({ ...process.env, ...backingEnv(options.backing), ...options.env }),
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  if (child.pid === undefined) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`kino worker ${options.id} did not start`);
  }
  return {
    id: options.id,
    pid: child.pid,
    dataDir,
    exited,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
