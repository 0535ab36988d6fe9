/**
 * An in-process fake S3 (s3rver) on a free loopback port, with one bucket, for the scale-out tests.
 *
 * Real S3 replaces an object atomically; s3rver writes it in place, so a reader racing a writer can see half
 * of one and half of another. Writes here go to a temporary object that is renamed over the real one (with
 * its metadata) under a lock that reads also take while they look the object up, as S3 behaves.
 */
import crypto, { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3Server {
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Each write as "<event> <key>", e.g. "ObjectCreated:Post videos/x/video.mp4" for a multipart upload. */
  readonly writes: string[];
  stop(): Promise<void>;
}

interface StoredObject {
  bucket: string;
  key: string;
}

interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putObject(object: StoredObject): Promise<unknown>;
  getObject(...args: unknown[]): Promise<unknown>;
}

function makeWritesAtomic(store: FilesystemStore): void {
  let lock: Promise<unknown> = Promise.resolve();
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lock.then(fn, fn);
    lock = run.catch(() => undefined);
    return run;
  };
  const put = store.putObject.bind(store);
  const get = store.getObject.bind(store);
  store.putObject = async (object) => {
    const { bucket, key } = object;
    const temp = `${key}.part-${randomBytes(4).toString('hex')}`;
    const result = await put(Object.assign(object, { key: temp }));
    object.key = key;
    await locked(async () => {
      for (const resource of ['object', 'metadata.json']) {
        await rename(
          store.getResourcePath(bucket, temp, resource),
          store.getResourcePath(bucket, key, resource),
        );
      }
    });
    return result;
  };
  store.getObject = (...args) => locked(() => get(...args));
}

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 no longer offers, so any
 * truncated listing fails with an internal error. The token only has to round-trip through s3rver itself:
 * serve its 'des' with AES-128-CBC and padded keys (nothing else in a test process asks for DES).
 */
function letS3rverPageListings(): void {
  const pad = (b: crypto.BinaryLike | crypto.KeyObject | null): Buffer =>
    Buffer.concat([Buffer.from(b as Buffer), Buffer.alloc(16)]).subarray(0, 16);
  const { createCipheriv, createDecipheriv } = crypto;
  if ((createCipheriv as { kinoPatched?: boolean }).kinoPatched) return;
  const cipher = ((algorithm: string, key: Buffer, iv: Buffer | null, options?: never) =>
    algorithm === 'des'
      ? createCipheriv('aes-128-cbc', pad(key), pad(iv))
      : createCipheriv(algorithm, key, iv, options)) as typeof createCipheriv;
  const decipher = ((algorithm: string, key: Buffer, iv: Buffer | null, options?: never) =>
    algorithm === 'des'
      ? createDecipheriv('aes-128-cbc', pad(key), pad(iv))
      : createDecipheriv(algorithm, key, iv, options)) as typeof createDecipheriv;
  Object.assign(cipher, { kinoPatched: true });
  crypto.createCipheriv = cipher;
  crypto.createDecipheriv = decipher;
}

export async function startS3(bucket = 'kino-test'): Promise<S3Server> {
  letS3rverPageListings();
  const directory = await mkdtemp(join(tmpdir(), 'kino-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  makeWritesAtomic(server.store as FilesystemStore);
  const writes: string[] = [];
  server.on('event', (e) => {
    for (const r of e.Records) writes.push(`${r.eventName} ${decodeURIComponent(r.s3.object.key)}`);
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    // s3rver's fixed credentials: it checks signatures.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    writes,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
