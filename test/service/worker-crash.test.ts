/**
 * Crash safety with real worker processes: SIGKILL the `kino worker` that is rendering a video. The pool
 * starts a new worker, the dead worker's lease expires, the job is leased again and completes; the video is
 * charged once, its MP4 is whole and signed, and no partial file is left behind.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { CONTENT_VARIANTS, blobKey } from '../../src/service/video-ids.ts';
import { small, startTestService, type TestService } from './helpers.ts';
import { finished, until } from './test-backends.ts';

let service: TestService | undefined;
afterEach(async () => {
  await service?.dispose();
  service = undefined;
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe('a worker killed mid-render', () => {
  it('loses its job to a new worker, which completes it: charged once, whole, signed, nothing left over', async () => {
    // A short lease so the test need not wait 30 s, but long enough that a live worker on a loaded machine
    // keeps it (heartbeats every 1.2 s).
    service = await startTestService({ workers: 1, leaseMs: 6000, renderThreads: 1 });
    const key = await service.account('crashy', 'pro', 10);
    const client = service.client(key);
    const created = await client.videos.create(small('a red car drives along a mountain road at dusk', '3'));
    const store = service.store;
    await until(() => service!.workerPids().length === 1);
    const [victim] = service.workerPids();

    // Kill it once frames are being rendered, not before the render has begun.
    await until(async () => ((await store.videoById(created.id))?.progress ?? 0) > 0, 60_000);
    const killedAt = Date.now();
    process.kill(victim!, 'SIGKILL');
    await until(() => service!.workerPids().some((pid) => pid !== victim), 10_000);
    expect(service.workerPids()).not.toContain(victim);

    const video = await finished(store, created.id, 120_000);
    expect(video.error).toBeNull();
    expect(video.status).toBe('completed');
    // The render that completed is a second one, started after the kill.
    expect(video.startedAtMs).toBeGreaterThan(killedAt);
    expect((await store.accountByName('crashy'))!.credits).toBe(10 - video.cost);
    expect(video.cost).toBe(3);

    const bytes = Buffer.from(await (await client.videos.downloadContent(created.id)).arrayBuffer());
    const path = join(service.dataDir, 'downloaded.mp4');
    await writeFile(path, bytes);
    const info = await probeMedia(path);
    expect(info.video).toMatchObject({ width: 480, height: 480 });
    expect(info.durationSec).toBeCloseTo(3, 0);
    const verified = await verifyVideo(path, { dataDir: service.dataDir });
    expect(verified.status).not.toBe('invalid');
    expect(verified.status).not.toBe('unsigned');
    expect(verified.activeManifest?.plan).toBeTruthy();

    // Only the finished blobs remain: no partial uploads, and the dead worker's scratch space is gone.
    expect((await filesUnder(join(service.dataDir, 'blobs'))).sort()).toEqual(
      CONTENT_VARIANTS.map((variant) => blobKey(created.id, variant)).sort(),
    );
    await until(async () => (await filesUnder(join(service!.dataDir, 'scratch'))).length === 0, 10_000);
  }, 240_000);
});
