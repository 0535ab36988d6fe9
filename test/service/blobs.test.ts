/** The Blobs contract against the filesystem store the embedded service uses and S3 (s3rver) for scale-out. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileBlobs } from '../../src/service/file-blobs.ts';
import { s3Blobs, type S3BlobsOptions } from '../../src/service/s3-blobs.ts';
import { startS3, type S3Server } from '../support/s3-server.ts';
import { describeBlobsContract } from './blobs-contract.ts';

describeBlobsContract('filesystem', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kino-blobs-'));
  return { blobs: fileBlobs(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
});

let s3: Promise<S3Server> | undefined;
afterAll(async () => {
  await (await s3)?.stop();
});

/** S3 blobs on the shared s3rver, each caller in its own corner of the bucket. */
async function openS3Blobs(extra: Partial<S3BlobsOptions> = {}) {
  s3 ??= startS3();
  const server = await s3;
  const blobs = s3Blobs({
    bucket: server.bucket,
    region: server.region,
    endpoint: server.endpoint,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
    keyPrefix: `t${randomBytes(4).toString('hex')}/`,
    ...extra,
  });
  return { server, blobs };
}

describeBlobsContract('s3', async () => {
  const { blobs } = await openS3Blobs();
  return { blobs, dispose: async () => blobs.close() };
});

describe('S3 blobs beyond the contract', () => {
  const open = openS3Blobs;

  it('uploads a large file in parts, and serves it whole through a presigned URL', async () => {
    const { server, blobs } = await open({ partSizeBytes: 5 * 1024 * 1024 });
    const dir = await mkdtemp(join(tmpdir(), 'kino-s3-big-'));
    const local = join(dir, 'video.mp4');
    const bytes = randomBytes(11 * 1024 * 1024 + 123); // three parts: 5 + 5 + 1 MiB
    await writeFile(local, bytes);
    await blobs.putFile('videos/big/video.mp4', local);
    await expect(stat(local)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(server.writes.filter((w) => w.endsWith('/videos/big/video.mp4'))).toEqual([
      expect.stringMatching(/^ObjectCreated:Post /), // a multipart upload's completion
    ]);
    const url = await blobs.presignedGetUrl('videos/big/video.mp4', 60);
    expect(url).toMatch(/X-Amz-Signature=/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await blobs.presignedGetUrl('videos/big/missing.mp4', 60)).toBeUndefined();
    blobs.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('deletes a prefix with more keys than one listing page holds', async () => {
    const { blobs } = await open({ listPageSize: 2 });
    for (let i = 0; i < 5; i++) await blobs.put(`videos/many/${i}.png`, new Uint8Array([i]));
    await blobs.put('videos/kept/0.png', new Uint8Array([9]));
    await blobs.deletePrefix('videos/many');
    for (let i = 0; i < 5; i++) expect(await blobs.get(`videos/many/${i}.png`)).toBeUndefined();
    expect((await blobs.get('videos/kept/0.png'))?.size).toBe(1);
    blobs.close();
  });
});
