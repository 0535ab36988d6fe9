/**
 * `Blobs` on S3-compatible storage (AWS S3, MinIO, Ceph RGW, R2…) through `@aws-sdk/client-s3`. An S3 PUT
 * is atomic, so readers see a blob whole or not at all; large files go up as a multipart upload
 * (`@aws-sdk/lib-storage`), in parts, several at once. Keys are the same as on disk (`videos/<id>/video.mp4`),
 * under an optional prefix, so one bucket can hold several installations.
 */
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { assertBlobKey, type Blobs } from './blobs.ts';

export interface S3BlobsOptions {
  readonly bucket: string;
  readonly region: string;
  /** An S3-compatible server's URL; AWS itself when left out. */
  readonly endpoint?: string;
  /** Static credentials; the SDK's default chain (env, instance role…) when left out. */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key`: most self-hosted servers need it. */
  readonly forcePathStyle?: boolean;
  /** Prepended to every key, e.g. `kino/` (no leading slash). */
  readonly keyPrefix?: string;
  /** Files at least this big go up in parts of this size (S3's minimum part is 5 MiB). Default 8 MiB. */
  readonly partSizeBytes?: number;
  /** Keys per ListObjectsV2 page when deleting a prefix; default (and S3's maximum) 1000. */
  readonly listPageSize?: number;
}

export interface S3Blobs extends Blobs {
  /**
   * A presigned GET URL for a blob, valid for `expiresInSeconds`, so that a client downloads straight from
   * storage instead of through an API server; undefined when there is no such blob.
   */
  presignedGetUrl(key: string, expiresInSeconds: number): Promise<string | undefined>;
  close(): void;
}

const MIN_PART_BYTES = 5 * 1024 * 1024;

function isMissing(err: unknown): boolean {
  return (
    err instanceof S3ServiceException &&
    (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404)
  );
}

export function s3Blobs(options: S3BlobsOptions): S3Blobs {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
    // Only the checksums S3 requires: many S3-compatible servers do not know the newer flexible ones.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = options.bucket;
  const prefix = options.keyPrefix ?? '';
  const partSize = Math.max(MIN_PART_BYTES, options.partSizeBytes ?? 8 * 1024 * 1024);
  const keyOf = (key: string): string => {
    assertBlobKey(key);
    return `${prefix}${key}`;
  };

  return {
    async putFile(key, localPath) {
      const Key = keyOf(key);
      const { size } = await stat(localPath);
      if (size < partSize) {
        // One PUT; a stream body needs its length.
        await client.send(
          new PutObjectCommand({ Bucket, Key, Body: createReadStream(localPath), ContentLength: size }),
        );
      } else {
        await new Upload({
          client,
          params: { Bucket, Key, Body: createReadStream(localPath) },
          partSize,
          queueSize: 4,
          // A failed upload must not leave parts behind, billed and invisible.
          leavePartsOnError: false,
        }).done();
      }
      await rm(localPath, { force: true });
    },
    async put(key, bytes) {
      await client.send(new PutObjectCommand({ Bucket, Key: keyOf(key), Body: bytes }));
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
        if (!res.Body || res.ContentLength === undefined) return undefined;
        return {
          size: res.ContentLength,
          stream: res.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async deletePrefix(dir) {
      const Prefix = `${keyOf(dir)}/`;
      // Delete a page, then list again from the start: deleted keys are gone from the next listing (S3 is
      // strongly consistent), so no continuation token is needed and keys added meanwhile are caught too.
      for (;;) {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix, MaxKeys: options.listPageSize ?? 1000 }),
        );
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length === 0) return;
        // A page has at most 1000 keys, which is also DeleteObjects' limit.
        const result = await client.send(
          new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }),
        );
        const failed = result.Errors?.[0];
        if (failed) throw new Error(`S3 could not delete ${failed.Key}: ${failed.Code} ${failed.Message}`);
        if (!page.IsTruncated) return;
      }
    },
    async presignedGetUrl(key, expiresInSeconds) {
      const Key = keyOf(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key }));
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key }), { expiresIn: expiresInSeconds });
    },
    close() {
      client.destroy();
    },
  };
}
