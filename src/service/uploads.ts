/**
 * Uploaded inputs (a multipart file, or a `data:` URL in JSON): checked for size and type, written to a
 * temporary file, opened with the editing tools' `openSource` for fast feedback (corrupt, truncated, wrong
 * kind), then handed to the blob store under `uploads/<video id>/`. Remote URLs are never fetched.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { KinoError } from '../errors.ts';
import { IMAGE_EXTENSIONS, VIDEO_EXTENSIONS, openSource, type EditSource } from '../edit/index.ts';
import type { Blobs } from './blobs.ts';
import type { JobInput } from './edit-jobs.ts';

/** The largest file one request may upload. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const EXTENSION_BY_TYPE: Record<string, string> = {
  'video/mp4': '.mp4',
  'video/quicktime': '.mov',
  'video/webm': '.webm',
  'video/x-matroska': '.mkv',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
};

export type UploadKind = 'image' | 'video';

export interface UploadedInput {
  readonly bytes: Uint8Array;
  /** The name the client gave, if any, and its MIME type. */
  readonly name: string;
  readonly type: string;
}

export interface StoredUpload {
  readonly input: JobInput;
  readonly source: EditSource;
}

/** A multipart file part as an upload; anything else in that field is refused, naming the field. */
export async function fileUpload(value: unknown, param: string): Promise<UploadedInput> {
  if (!(value instanceof File)) {
    throw new KinoError('invalid_request', `${param} must be a file upload`, param);
  }
  if (value.size > MAX_UPLOAD_BYTES) throw tooLarge(param);
  return { bytes: new Uint8Array(await value.arrayBuffer()), name: value.name, type: value.type };
}

/** A `data:<type>;base64,…` URL as an upload. http(s) URLs are refused: the server fetches nothing. */
export function dataUrlUpload(url: string, param: string): UploadedInput {
  if (/^https?:/i.test(url)) {
    throw new KinoError(
      'invalid_request',
      `${param}: this server does not fetch remote URLs; upload the file as multipart input_reference or send a data: URL`,
      param,
    );
  }
  const match = /^data:([a-z0-9.+/-]+)?(;[a-z0-9=.+-]+)*?(;base64)?,(.*)$/is.exec(url);
  if (!match) {
    throw new KinoError(
      'invalid_request',
      `${param} must be a data: URL such as "data:image/png;base64,…"`,
      param,
    );
  }
  const [, type = '', , base64, payload = ''] = match;
  if (payload.length > (MAX_UPLOAD_BYTES * 4) / 3 + 4) throw tooLarge(param);
  const bytes = base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'latin1');
  return { bytes, name: '', type: type.toLowerCase() };
}

/**
 * Checks the upload is a readable `kind` (image or video), stores it as `uploads/<videoId>/input-<n>.<ext>`
 * and returns the job input with what `openSource` found (size, duration, a Kino plan).
 */
export async function storeUpload(
  blobs: Blobs,
  upload: UploadedInput,
  options: { videoId: string; index: number; kind: UploadKind; param: string },
): Promise<StoredUpload> {
  const { param, kind } = options;
  if (upload.bytes.byteLength === 0) throw new KinoError('invalid_media', `${param} is empty`, param);
  if (upload.bytes.byteLength > MAX_UPLOAD_BYTES) throw tooLarge(param);
  const ext = extensionOf(upload, kind, param);
  const dir = await mkdtemp(join(tmpdir(), 'kino-upload-'));
  try {
    const file = join(dir, `input-${options.index}${ext}`);
    await writeFile(file, upload.bytes);
    const source = await openSource(file).catch((err: unknown) => {
      // openSource names the temporary path and its own parameter; the client knows the field.
      if (err instanceof KinoError) {
        throw new KinoError(err.code, err.message.replaceAll(file, param).replaceAll(dir, ''), param);
      }
      throw err;
    });
    if ((source.kind === 'image') !== (kind === 'image')) {
      throw new KinoError(
        'unsupported_media',
        `${param} is ${source.kind === 'image' ? 'an image' : 'a video'}; this endpoint takes ${kind === 'image' ? 'an image (PNG, JPEG, WebP)' : 'a video (MP4, MOV, WebM, MKV)'}`,
        param,
      );
    }
    const key = `uploads/${options.videoId}/input-${options.index}${ext}`;
    await blobs.putFile(key, file);
    return { input: { upload: key, filename: `input-${options.index}${ext}` }, source };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function extensionOf(upload: UploadedInput, kind: UploadKind, param: string): string {
  const allowed: readonly string[] = kind === 'image' ? IMAGE_EXTENSIONS : VIDEO_EXTENSIONS;
  const byName = extname(upload.name).toLowerCase();
  if (allowed.includes(byName)) return byName === '.jpeg' ? '.jpg' : byName;
  const byType = EXTENSION_BY_TYPE[upload.type.split(';')[0]!.trim()];
  if (byType && allowed.includes(byType)) return byType;
  throw new KinoError(
    'unsupported_media',
    `${param} must be ${kind === 'image' ? 'a PNG, JPEG or WebP image' : 'an MP4, MOV, WebM or MKV video'} ` +
      `(by file name or Content-Type); got ${JSON.stringify(upload.name || upload.type || 'an unnamed file')}`,
    param,
  );
}

function tooLarge(param: string): KinoError {
  return new KinoError(
    'payload_too_large',
    `${param} is over ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB; upload a shorter or smaller file`,
    param,
  );
}
