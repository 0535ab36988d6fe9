/**
 * The deployment shape of docs/scale-out.md, for real: an API-only server (`workers: 0`) and a separate
 * `kino worker` process that shares nothing with it but Postgres, Redis and S3 (its own data dir, for
 * scratch files and its signing chain). The worker renders with the procedural engine and signs the MP4.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { withMallocTuning } from '../../bin/malloc-tuning.js';
import { extractPng, probeMedia } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import type { BackingConfig } from '../../src/service/backing-services.ts';
import { startTestService, type TestService } from '../service/helpers.ts';
import { finished } from '../service/test-backends.ts';
import { freshScaleOut } from '../support/scaleout-backends.ts';

const KINO = fileURLToPath(new URL('../../bin/kino.js', import.meta.url));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The environment an operator would set on a worker machine. */
function envFor(b: BackingConfig): Record<string, string> {
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

describe('scale-out deployment', () => {
  it('an API-only server and a separate kino worker process render, store and sign a video', async () => {
    const backing = await freshScaleOut();
    const api: TestService = await startTestService({ backing, workers: 0 });
    cleanups.push(() => api.dispose());
    const workerDir = await mkdtemp(join(tmpdir(), 'kino-worker-'));
    cleanups.push(() => rm(workerDir, { recursive: true, force: true }));
    const worker = spawn(
      process.execPath,
      [KINO, 'worker', '--data-dir', workerDir, '--id', 'far-away', '--quality', 'preview', '--threads', '1'],
      // With the malloc tuning already set, bin/kino.js is the worker itself, not a launcher around it.
      {
        env: withMallocTuning({ ...process.env, ...envFor(backing) }),
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const exited = once(worker, 'exit');
    cleanups.push(async () => {
      if (worker.exitCode === null) worker.kill('SIGKILL');
      await exited;
    });

    const key = await api.account('studio', 'pro', 10);
    const res = await fetch(`${api.url}/v1/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a red kite over a beach', size: '480x480', seconds: '1' }),
    });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const done = await finished(api.store, id, 150_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');

    const content = await fetch(`${api.url}/v1/videos/${id}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(content.status).toBe(200);
    const path = join(workerDir, 'downloaded.mp4');
    await writeFile(path, Buffer.from(await content.arrayBuffer()));
    expect((await probeMedia(path)).video).toMatchObject({ width: 480, height: 480 });
    const out = join(import.meta.dirname, '../../out/scaleout');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'worker-render.png'), await extractPng(path, 0.5));
    // Signed with the worker's own development chain, kept in its data dir.
    expect((await verifyVideo(path, { dataDir: workerDir })).status).toBe('trusted');

    worker.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  }, 180_000);
});
