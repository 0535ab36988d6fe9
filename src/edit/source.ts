/**
 * What an editing tool starts from. `openSource` validates any input file once, up front, and says
 * what it is: a signed Kino video whose `kino.plan` can be re-rendered exactly, any other video the
 * tools work on as pixels, or a still image. Every way a file can be unusable is a KinoError naming
 * the file and what is allowed, before any output is written.
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { KinoError, isKinoError } from '../errors.ts';
import { probeMedia, readFrames, type MediaInfo } from '../media/index.ts';
import { parsePlan, type VideoPlan } from '../plan/index.ts';
import { verifyVideo } from '../provenance/index.ts';

export type EditSource =
  | { readonly kind: 'kino-video'; readonly path: string; readonly plan: VideoPlan; readonly info: MediaInfo }
  | { readonly kind: 'video'; readonly path: string; readonly info: MediaInfo }
  | { readonly kind: 'image'; readonly path: string; readonly width: number; readonly height: number };

export type VideoSource = Extract<EditSource, { kind: 'kino-video' | 'video' }>;

/** Bigger uploads are refused before ffprobe reads them. */
export const MAX_SOURCE_BYTES = 500 * 1024 * 1024;
/** Longest input video; outputs are at most 20 s, so more than this is never needed. */
export const MAX_SOURCE_DURATION_SEC = 120;
/** Largest image or video side, in pixels (8K). */
export const MAX_SOURCE_SIDE = 8192;

export const VIDEO_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.webm', '.mkv'] as const;
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'] as const;
/** ffprobe codec names of the video codecs the tools decode. */
export const VIDEO_CODECS = ['h264', 'hevc', 'vp8', 'vp9', 'av1', 'mpeg4', 'prores', 'mjpeg'] as const;
const IMAGE_CODECS = ['png', 'mjpeg', 'webp'] as const;
// Formats that are a single image, as ffprobe names their demuxers.
const IMAGE_FORMATS = new Set(['png_pipe', 'jpeg_pipe', 'webp_pipe', 'image2']);
// The extensions c2pa-rs can read a manifest from; only these can be Kino videos.
const SIGNABLE = new Set(['.mp4', '.m4v', '.mov']);

export async function openSource(path: string, options: { signal?: AbortSignal } = {}): Promise<EditSource> {
  if (typeof path !== 'string' || path === '') {
    throw new KinoError('invalid_option', 'A source path is required: a video or an image file.', 'path');
  }
  const ext = extname(path).toLowerCase();
  const allowed = [...VIDEO_EXTENSIONS, ...IMAGE_EXTENSIONS] as readonly string[];
  if (!allowed.includes(ext)) {
    throw new KinoError(
      'unsupported_media',
      `"${path}" has the extension "${ext || '(none)'}"; editing tools take videos (${VIDEO_EXTENSIONS.join(', ')}) and images (${IMAGE_EXTENSIONS.join(', ')}).`,
      'path',
    );
  }
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new KinoError('file_not_found', `"${path}" does not exist.`, 'path');
  if (!info.isFile()) throw new KinoError('file_not_found', `"${path}" is not a regular file.`, 'path');
  if (info.size === 0) throw new KinoError('invalid_media', `"${path}" is empty (0 bytes).`, 'path');
  if (info.size > MAX_SOURCE_BYTES) {
    throw new KinoError(
      'payload_too_large',
      `"${path}" is ${megabytes(info.size)} MB; editing tools take files up to ${megabytes(MAX_SOURCE_BYTES)} MB.`,
      'path',
    );
  }
  await assertNotTruncatedContainer(path, ext);

  let media: MediaInfo;
  try {
    media = await probeMedia(path, options);
  } catch (err) {
    // probeMedia says 'invalid_option' for anything ffprobe cannot parse; for an upload that is bad media.
    if (isKinoError(err) && err.code === 'invalid_option') {
      throw new KinoError(
        'invalid_media',
        `"${path}" is corrupt or not a media file ffmpeg can read.`,
        'path',
        {
          cause: err,
        },
      );
    }
    throw err;
  }
  const video = media.video;
  if (!video) {
    throw new KinoError(
      'unsupported_media',
      `"${path}" has no video or image stream${media.audio ? ' (it is audio only)' : ''}; pass a video or an image.`,
      'path',
    );
  }
  if (
    video.width < 2 ||
    video.height < 2 ||
    video.width > MAX_SOURCE_SIDE ||
    video.height > MAX_SOURCE_SIDE
  ) {
    throw new KinoError(
      video.width > MAX_SOURCE_SIDE || video.height > MAX_SOURCE_SIDE ? 'payload_too_large' : 'invalid_media',
      `"${path}" is ${video.width}x${video.height}; sides from 2 to ${MAX_SOURCE_SIDE} pixels are allowed.`,
      'path',
    );
  }

  const isImage = IMAGE_FORMATS.has(media.formatName);
  const codecs: readonly string[] = isImage ? IMAGE_CODECS : VIDEO_CODECS;
  if (!codecs.includes(video.codec)) {
    throw new KinoError(
      'unsupported_media',
      `"${path}" uses the ${isImage ? 'image' : 'video'} codec "${video.codec}"; supported: ${codecs.join(', ')}.`,
      'path',
    );
  }
  if (isImage !== (IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new KinoError(
      'invalid_media',
      `"${path}" is named like ${isImage ? 'a video' : 'an image'} but holds ${isImage ? 'an image' : 'a video'} (${media.formatName}).`,
      'path',
    );
  }
  await assertDecodes(path, video.width, video.height, options.signal);
  if (isImage) return { kind: 'image', path, width: video.width, height: video.height };

  if (!(media.durationSec > 0) || video.frameCount < 1) {
    throw new KinoError('invalid_media', `"${path}" has no frames (zero-length video).`, 'path');
  }
  if (media.durationSec > MAX_SOURCE_DURATION_SEC) {
    throw new KinoError(
      'payload_too_large',
      `"${path}" is ${media.durationSec.toFixed(1)} s long; editing tools take videos up to ${MAX_SOURCE_DURATION_SEC} s.`,
      'path',
    );
  }
  const plan = SIGNABLE.has(ext) ? await kinoPlanOf(path) : undefined;
  return plan ? { kind: 'kino-video', path, plan, info: media } : { kind: 'video', path, info: media };
}

/** True for both kinds of video source. */
export function isVideoSource(source: EditSource): source is VideoSource {
  return source.kind !== 'image';
}

/**
 * The plan a Kino video was rendered from, when its manifest is intact and carries a valid `kino.plan`
 * whose output matches the pixels. A tampered or foreign video is edited as pixels instead.
 */
async function kinoPlanOf(path: string): Promise<VideoPlan | undefined> {
  let verified;
  try {
    verified = await verifyVideo(path);
  } catch {
    return undefined;
  }
  if (verified.status === 'invalid' || verified.status === 'unsigned') return undefined;
  // A trained model's pixels are not a function of the plan it was asked with: they are edited as pixels.
  if (verified.activeManifest?.digitalSourceType === 'trainedAlgorithmicMedia') return undefined;
  const stored = verified.activeManifest?.plan;
  if (stored === undefined) return undefined;
  try {
    return parsePlan(stored);
  } catch {
    return undefined;
  }
}

/** Decoding the first frame is the one sure test that ffmpeg has a working decoder for the stream. */
async function assertDecodes(
  path: string,
  width: number,
  height: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  // A small probe size keeps this cheap for big frames; scale never fails on a valid frame.
  const scale = Math.min(1, 64 / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  try {
    await readFrames(path, { width: w, height: h, select: [0], ...(signal ? { signal } : {}) });
  } catch (err) {
    if (isKinoError(err) && err.code === 'cancelled') throw err;
    if (isKinoError(err) && err.code === 'ffmpeg_missing') throw err;
    throw new KinoError(
      'invalid_media',
      `"${path}" could not be decoded: its first frame is corrupt or its codec is not supported by this ffmpeg.`,
      'path',
      { cause: err },
    );
  }
}

/**
 * An MP4/MOV cut short (an interrupted upload) can still probe and decode a few frames with ffmpeg, so
 * check the top-level boxes: their sizes must add up to the file size.
 */
async function assertNotTruncatedContainer(path: string, ext: string): Promise<void> {
  if (!SIGNABLE.has(ext)) return;
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await file.read(header, 0, 16, offset);
      if (bytesRead < 8) break;
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1 && bytesRead >= 16) boxSize = Number(header.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - offset; // "to the end of the file"
      if (boxSize < 8) break;
      offset += boxSize;
    }
    if (offset !== size) {
      throw new KinoError(
        'invalid_media',
        `"${path}" is truncated or corrupt: its MP4 boxes do not add up to its ${size} bytes (re-export or re-upload it).`,
        'path',
      );
    }
  } finally {
    await file.close();
  }
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(0);
}
