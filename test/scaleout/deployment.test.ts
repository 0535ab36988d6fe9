/**
 * The deployment shape of docs/scale-out.md, for real: an API-only server (`workers: 0`) and a separate
 * `kino worker` process that shares nothing with it but Postgres, Redis and S3 (its own data dir, for
 * scratch files and its signing chain). The worker renders with the procedural engine and signs the MP4.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractPng, probeMedia } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { startTestService, type TestService } from '../service/helpers.ts';
import { finished } from '../service/test-backends.ts';
import { spawnKinoWorker } from '../support/kino-worker-process.ts';
import { freshScaleOut } from '../support/scaleout-backends.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('scale-out deployment', () => {
  it('an API-only server and a separate kino worker process render, store and sign a video', async () => {
    const backing = await freshScaleOut();
    const api: TestService = await startTestService({ backing, workers: 0 });
    cleanups.push(() => api.dispose());
    const worker = await spawnKinoWorker({
      id: 'far-away',
      backing,
      args: ['--quality', 'preview', '--threads', '1'],
    });
    cleanups.push(() => worker.dispose());
    const workerDir = worker.dataDir;

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

    process.kill(worker.pid, 'SIGTERM');
    expect(await worker.exited).toBe(0);
  }, 180_000);
});
