/**
 * The blob seam: finished videos and their derived images, by key (`videos/<id>/video.mp4`).
 * The filesystem (`file-blobs.ts`) is the embedded default; an S3 store implements the same interface.
 * A blob appears whole or not at all: writers finish a local file first, then hand it over.
 */
import { KinoError } from '../errors.ts';

export interface BlobReadable {
  readonly size: number;
  readonly stream: ReadableStream<Uint8Array>;
}

export interface Blobs {
  /** Takes over a finished local file (it is moved, not copied, where possible). */
  putFile(key: string, localPath: string): Promise<void>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<BlobReadable | undefined>;
  /** Removes every blob whose key starts with `prefix/`. */
  deletePrefix(prefix: string): Promise<void>;
}

const KEY = /^[a-z0-9_-]+(\/[a-z0-9_-]+(\.[a-z0-9]+)?)*$/;

/** Keys are built from validated ids, but a blob store never trusts its caller with `..`. */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key))
    throw new KinoError('invalid_request', `invalid blob key ${JSON.stringify(key)}`, 'key');
}
