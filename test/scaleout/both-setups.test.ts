/**
 * Paths through the service that depend on where state lives, on both setups: embedded (SQLite and files in
 * the data dir) and scale-out (Postgres, Redis, S3): asset expiry deleting blobs, and an edit that reads its
 * source video from the blob store and writes a signed result back.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { sweepExpired } from '../../src/service/expiry.ts';
import { startTestService, type TestService } from '../service/helpers.ts';
import { finished, tinyBackend } from '../service/test-backends.ts';

const services: TestService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

const post = (service: TestService, key: string, path: string, json: unknown) =>
  fetch(`${service.url}/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as { id: string; error?: unknown },
  }));

describe.each(['embedded', 'scaleout'] as const)('the service on the %s setup', (mode) => {
  it('deletes expired assets from the blob store once, keeps the record, and says so on download', async () => {
    const service = await startTestService({
      mode,
      backend: tinyBackend(),
      workers: 1,
      assetTtlSeconds: 3600,
    });
    services.push(service);
    const key = await service.account('forgetful', 'pro', 10);
    const created = await post(service, key, '/videos', {
      prompt: 'a clock tower',
      size: '480x480',
      seconds: '1',
    });
    expect(created.status).toBe(200);
    const done = await finished(service.store, created.body.id);
    expect(done.status).toBe('completed');
    const videoKey = `videos/${done.id}/video.mp4`;
    expect((await service.blobs.get(videoKey))?.size).toBeGreaterThan(1000);
    expect(await sweepExpired(service.store, service.blobs, Date.now())).toEqual([]);

    const later = (done.expiresAt! + 1) * 1000;
    expect(await sweepExpired(service.store, service.blobs, later)).toEqual([done.id]);
    expect(await sweepExpired(service.store, service.blobs, later)).toEqual([]);
    expect(await service.blobs.get(videoKey)).toBeUndefined();
    const res = await fetch(`${service.url}/v1/videos/${done.id}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(404);
    expect((await service.store.videoById(done.id))?.status).toBe('completed');
  });

  it('re-cuts a finished video through the queue into a signed MP4 with its parent', async () => {
    const service = await startTestService({ mode, backend: tinyBackend(), workers: 2 });
    services.push(service);
    const key = await service.account('editor', 'pro', 20);
    const source = await post(service, key, '/videos', { prompt: 'a kite', size: '480x480', seconds: '2' });
    expect((await finished(service.store, source.body.id)).status).toBe('completed');
    const recut = await post(service, key, `/videos/${source.body.id}/recut`, {
      from: 0.5,
      to: 1.5,
      seconds: 1,
    });
    expect(recut.status, JSON.stringify(recut.body)).toBe(200);
    const done = await finished(service.store, recut.body.id);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'completed', remixedFromVideoId: source.body.id });

    const content = await fetch(`${service.url}/v1/videos/${done.id}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(content.status).toBe(200);
    const path = join(await mkdtemp(join(tmpdir(), 'kino-recut-')), 'recut.mp4');
    await writeFile(path, Buffer.from(await content.arrayBuffer()));
    const info = await probeMedia(path);
    expect(info.video).toMatchObject({ width: 480, height: 480 });
    expect(info.durationSec).toBeCloseTo(1, 1);
    const manifest = await verifyVideo(path, { dataDir: service.dataDir });
    expect(manifest.status).toBe('trusted');
    expect(manifest.activeManifest?.ingredients.map((i) => i.relationship)).toEqual(['parentOf']);
  });
});
