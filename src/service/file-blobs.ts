/** `Blobs` on the local filesystem, under `<dataDir>/blobs`. */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { assertBlobKey, type Blobs } from './blobs.ts';

export function fileBlobs(root: string): Blobs {
  const pathOf = (key: string): string => {
    assertBlobKey(key);
    return join(root, ...key.split('/'));
  };
  const tempNear = (path: string): string => `${path}.part-${randomBytes(4).toString('hex')}`;

  return {
    async putFile(key, localPath) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      try {
        await rename(localPath, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        // Another filesystem: copy beside the target, then rename, so readers never see half a file.
        const temp = tempNear(path);
        await copyFile(localPath, temp);
        await rename(temp, path);
        await rm(localPath, { force: true });
      }
    },
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = tempNear(path);
      await writeFile(temp, bytes);
      await rename(temp, path);
    },
    async get(key) {
      const path = pathOf(key);
      let size: number;
      try {
        const info = await stat(path);
        if (!info.isFile()) return undefined;
        size = info.size;
      } catch {
        return undefined;
      }
      const stream = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      return { size, stream };
    },
    async deletePrefix(prefix) {
      // Retried: a writer racing the deletion can add a file to a folder just emptied (ENOTEMPTY).
      await rm(pathOf(prefix), { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  };
}
