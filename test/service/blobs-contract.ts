/**
 * The `Blobs` contract: whole blobs by key, moves of finished local files, prefix deletion and key checks.
 * Call `describeBlobsContract(name, open)`; an S3 implementation for scale-out runs the same checks.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Blobs } from '../../src/service/blobs.ts';

export interface BlobsUnderTest {
  readonly blobs: Blobs;
  dispose(): Promise<void>;
}

async function read(blobs: Blobs, key: string): Promise<Buffer | undefined> {
  const blob = await blobs.get(key);
  if (!blob) return undefined;
  const bytes = Buffer.from(await new Response(blob.stream).arrayBuffer());
  expect(bytes.length).toBe(blob.size);
  return bytes;
}

export function describeBlobsContract(name: string, open: () => Promise<BlobsUnderTest>): void {
  describe(`Blobs contract: ${name}`, () => {
    const opened: BlobsUnderTest[] = [];
    const scratch: string[] = [];
    afterEach(async () => {
      for (const b of opened.splice(0)) await b.dispose();
      for (const d of scratch.splice(0)) await rm(d, { recursive: true, force: true });
    });
    const make = async () => {
      const b = await open();
      opened.push(b);
      return b.blobs;
    };

    it('stores bytes by key, replaces them whole, and answers undefined for a missing key', async () => {
      const blobs = await make();
      await blobs.put('videos/v1/thumbnail.png', new Uint8Array([1, 2, 3]));
      expect(await read(blobs, 'videos/v1/thumbnail.png')).toEqual(Buffer.from([1, 2, 3]));
      await blobs.put('videos/v1/thumbnail.png', new Uint8Array(1000).fill(7));
      expect(await read(blobs, 'videos/v1/thumbnail.png')).toEqual(Buffer.alloc(1000, 7));
      expect(await blobs.get('videos/v1/missing.png')).toBeUndefined();
      expect(await blobs.get('videos/v1')).toBeUndefined(); // a prefix is not a blob
    });

    it('takes over a finished local file', async () => {
      const blobs = await make();
      const dir = await mkdtemp(join(tmpdir(), 'kino-blob-src-'));
      scratch.push(dir);
      const local = join(dir, 'video.mp4');
      await writeFile(local, Buffer.alloc(64 * 1024, 9));
      await blobs.putFile('videos/v2/video.mp4', local);
      expect(await read(blobs, 'videos/v2/video.mp4')).toEqual(Buffer.alloc(64 * 1024, 9));
      await expect(stat(local)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('deletes everything under a prefix and nothing else', async () => {
      const blobs = await make();
      await blobs.put('videos/a/x.png', new Uint8Array([1]));
      await blobs.put('videos/a/y.png', new Uint8Array([2]));
      await blobs.put('videos/ab/x.png', new Uint8Array([3]));
      await blobs.deletePrefix('videos/a');
      await blobs.deletePrefix('videos/nothing-here');
      expect(await blobs.get('videos/a/x.png')).toBeUndefined();
      expect(await blobs.get('videos/a/y.png')).toBeUndefined();
      expect(await read(blobs, 'videos/ab/x.png')).toEqual(Buffer.from([3]));
    });

    it('refuses keys that could escape the store', async () => {
      const blobs = await make();
      for (const key of ['../x', 'videos/../../etc/passwd', '/abs', 'videos//x', 'Videos/X.png']) {
        await expect(blobs.put(key, new Uint8Array([1]))).rejects.toMatchObject({ code: 'invalid_request' });
      }
    });

    it('readers see a blob whole or not at all while writers race', async () => {
      const blobs = await make();
      const sizes = [10, 100_000, 1000, 50_000];
      await Promise.all(sizes.map((n, i) => blobs.put('videos/r/race.bin', new Uint8Array(n).fill(i + 1))));
      const bytes = (await read(blobs, 'videos/r/race.bin'))!;
      const i = bytes[0]! - 1;
      expect(bytes).toEqual(Buffer.alloc(sizes[i]!, i + 1));
    });
  });
}
