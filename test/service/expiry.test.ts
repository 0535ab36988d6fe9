/** Asset expiry: `expires_at` is set on completion; the sweep deletes the files and downloads say so. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepExpired } from '../../src/service/expiry.ts';
import { fileBlobs } from '../../src/service/file-blobs.ts';
import { startTestService, type TestService } from './helpers.ts';
import { finished, tinyBackend } from './test-backends.ts';

let service: TestService | undefined;
afterEach(async () => {
  await service?.dispose();
  service = undefined;
});

describe('asset expiry', () => {
  it('keeps assets until expires_at, then deletes them and keeps the record', async () => {
    service = await startTestService({ backend: tinyBackend(), workers: 1, assetTtlSeconds: 3600 });
    const key = await service.account('forgetful', 'pro', 10);
    const client = service.client(key);
    const created = await client.videos.create({
      prompt: 'a clock tower',
      size: '480x480',
      seconds: '1',
    } as never);
    const done = await finished(service.store, created.id);
    expect(done.status).toBe('completed');
    const video = await client.videos.retrieve(created.id);
    expect(video.expires_at).toBe(video.completed_at! + 3600);

    const blobs = fileBlobs(join(service.dataDir, 'blobs'));
    const dir = join(service.dataDir, 'blobs', 'videos', created.id);
    expect(await sweepExpired(service.store, blobs, Date.now())).toEqual([]);
    expect(await readdir(dir)).toHaveLength(3);
    expect((await client.videos.downloadContent(created.id)).ok).toBe(true);

    const later = (video.expires_at! + 1) * 1000;
    expect(await sweepExpired(service.store, blobs, later)).toEqual([created.id]);
    expect(await sweepExpired(service.store, blobs, later)).toEqual([]); // once
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await client.videos.retrieve(created.id)).status).toBe('completed');
    const res = await fetch(`${service.url}/v1/videos/${created.id}/content`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /expired at .* and was deleted/,
    );
  });
});
