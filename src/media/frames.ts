import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { KinoError } from '../errors.ts';
import { assertInputFile } from './input-file.ts';
import { resolveFfmpeg } from './locate.ts';
import {
  cancelledError,
  onAbort,
  processFailure,
  runCollect,
  startProcess,
  type MediaProcess,
} from './process.ts';

export interface DecodeOptions {
  /** Frames are scaled to this size (a no-op when it is the video's own). */
  readonly width: number;
  readonly height: number;
  /** Zero-based frame indices to return, in the order given; all frames when left out. */
  readonly select?: readonly number[];
  readonly signal?: AbortSignal;
}

// ffmpeg's default for raw output is constant frame rate, which would duplicate frames to fill the gaps a
// select filter leaves; passthrough emits each decoded frame exactly once. (-vsync rather than -fps_mode
// because the static ffmpeg 4.1 fallback predates -fps_mode.)
const PASSTHROUGH = ['-vsync', 'passthrough'];

/**
 * MD5 of every decoded video frame, in order (ffmpeg's framemd5). Equal lists mean pixel-identical video,
 * which is how determinism and chunk joins are checked.
 */
export async function frameHashes(path: string, options: { signal?: AbortSignal } = {}): Promise<string[]> {
  await assertInputFile(path);
  const { ffmpeg } = resolveFfmpeg();
  const what = `Hashing frames of "${path}"`;
  if (options.signal?.aborted) throw cancelledError(what, options.signal.reason);
  const args = [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'error',
    '-i',
    path,
    '-map',
    '0:v:0',
    ...PASSTHROUGH,
  ];
  const proc = startProcess(ffmpeg, [...args, '-f', 'framemd5', 'pipe:1'], {
    stdin: 'ignore',
    stdout: 'pipe',
  });
  const hashes: string[] = [];
  await consume(what, ffmpeg, proc, options.signal, async (stdout) => {
    for await (const line of createInterface({ input: stdout, crlfDelay: Infinity })) {
      if (line.startsWith('#') || line.trim() === '') continue;
      // stream, dts, pts, duration, size, hash
      const hash = line.slice(line.lastIndexOf(',') + 1).trim();
      if (hash) hashes.push(hash);
    }
  });
  return hashes;
}

/**
 * Decode video frames to RGBA, one at a time, at the pace the consumer reads them. Breaking out of the
 * loop stops ffmpeg.
 */
export async function* decodeFrames(path: string, options: DecodeOptions): AsyncGenerator<Uint8Array> {
  const { width, height } = options;
  validateSize(width, height);
  const indices = options.select ? uniqueSorted(options.select) : undefined;
  await assertInputFile(path);
  if (indices?.length === 0) return;
  const what = `Decoding frames of "${path}"`;
  if (options.signal?.aborted) throw cancelledError(what, options.signal.reason);

  const filters = [
    // Escaped commas: inside a filter graph a bare comma would start the next filter.
    ...(indices ? [`select=${indices.map((i) => `eq(n\\,${i})`).join('+')}`] : []),
    `scale=${width}:${height}`,
    'format=rgba',
  ];
  const args = [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'error',
    '-i',
    path,
    '-map',
    '0:v:0',
    ...PASSTHROUGH,
  ];
  yield* rawFrames(what, [...args, '-vf', filters.join(','), '-f', 'rawvideo', 'pipe:1'], {
    frameBytes: width * height * 4,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/**
 * Runs ffmpeg with raw video on stdout and yields it cut into frames of `frameBytes`, at the pace the
 * consumer reads them. Breaking out of the loop stops ffmpeg; a stream that ends inside a frame, or
 * (when given) with a different number of frames than `expectFrames`, is an error.
 */
export async function* rawFrames(
  what: string,
  args: readonly string[],
  options: { frameBytes: number; expectFrames?: number; signal?: AbortSignal },
): AsyncGenerator<Uint8Array> {
  const { ffmpeg } = resolveFfmpeg();
  const { frameBytes, signal } = options;
  const proc = startProcess(ffmpeg, args, { stdin: 'ignore', stdout: 'pipe' });
  const unsubscribe = onAbort(signal, () => void proc.kill());
  let completed = false;
  let yielded = 0;
  try {
    let frame = Buffer.allocUnsafe(frameBytes);
    let filled = 0;
    try {
      for await (const chunk of proc.child.stdout as AsyncIterable<Buffer>) {
        for (let offset = 0; offset < chunk.length;) {
          const n = Math.min(frameBytes - filled, chunk.length - offset);
          chunk.copy(frame, filled, offset, offset + n);
          filled += n;
          offset += n;
          if (filled === frameBytes) {
            yielded++;
            yield frame;
            frame = Buffer.allocUnsafe(frameBytes);
            filled = 0;
          }
        }
      }
    } catch (err) {
      if (signal?.aborted) throw cancelledError(what, signal.reason);
      throw err;
    }
    const exit = await proc.exited;
    if (signal?.aborted) throw cancelledError(what, signal.reason);
    if (exit.code !== 0) throw processFailure(what, ffmpeg, exit, proc.stderrTail());
    if (filled !== 0) throw new KinoError('ffmpeg_failed', `${what}: output ended inside a frame.`);
    if (options.expectFrames !== undefined && yielded !== options.expectFrames) {
      throw new KinoError('ffmpeg_failed', `${what}: got ${yielded} of ${options.expectFrames} frames.`);
    }
    completed = true;
  } finally {
    unsubscribe();
    if (!completed) await proc.kill();
  }
}

/**
 * Decoded RGBA frames as an array. This holds every returned frame in memory: pass `select` for more than
 * a few frames of a long video, or stream with decodeFrames.
 */
export async function readFrames(path: string, options: DecodeOptions): Promise<Uint8Array[]> {
  const wanted = options.select;
  const indices = wanted ? uniqueSorted(wanted) : undefined;
  const frames: Uint8Array[] = [];
  for await (const frame of decodeFrames(path, { ...options, ...(indices && { select: indices }) })) {
    frames.push(frame);
  }
  if (!wanted || !indices) return frames;
  if (frames.length < indices.length) {
    const missing = indices[frames.length]!;
    throw new KinoError(
      'invalid_option',
      `Frame ${missing} of "${path}" does not exist; it has ${missing > 0 ? `fewer than ${missing + 1}` : 'no'} frames.`,
      'select',
    );
  }
  const byIndex = new Map(indices.map((index, i) => [index, frames[i]!]));
  return wanted.map((index) => byIndex.get(index)!);
}

/** The frame shown at `timeSec`, as a PNG. */
export async function extractPng(
  path: string,
  timeSec: number,
  options: { signal?: AbortSignal } = {},
): Promise<Buffer> {
  if (typeof timeSec !== 'number' || !Number.isFinite(timeSec) || timeSec < 0) {
    throw new KinoError('invalid_option', `timeSec must be a number ≥ 0; got ${String(timeSec)}.`, 'timeSec');
  }
  await assertInputFile(path);
  const { ffmpeg } = resolveFfmpeg();
  // -ss before -i seeks to the keyframe before timeSec and then decodes up to it: fast and exact.
  const args = ['-hide_banner', '-nostats', '-loglevel', 'error', '-ss', String(timeSec), '-i', path];
  const png = await runCollect(
    `Extracting a frame at ${timeSec}s from "${path}"`,
    ffmpeg,
    [...args, '-map', '0:v:0', '-frames:v', '1', '-c:v', 'png', '-f', 'image2pipe', 'pipe:1'],
    options,
  );
  if (png.length === 0) {
    throw new KinoError(
      'invalid_option',
      `"${path}" has no frame at ${timeSec}s; is it past the end?`,
      'timeSec',
    );
  }
  return png;
}

async function consume(
  what: string,
  bin: string,
  proc: MediaProcess,
  signal: AbortSignal | undefined,
  read: (stdout: Readable) => Promise<void>,
): Promise<void> {
  const unsubscribe = onAbort(signal, () => void proc.kill());
  try {
    await read(proc.child.stdout!);
  } catch (err) {
    await proc.kill();
    if (signal?.aborted) throw cancelledError(what, signal.reason);
    throw err;
  } finally {
    unsubscribe();
  }
  const exit = await proc.exited;
  if (signal?.aborted) throw cancelledError(what, signal.reason);
  if (exit.code !== 0) throw processFailure(what, bin, exit, proc.stderrTail());
}

function validateSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new KinoError(
      'invalid_size',
      `width and height must be positive integers; got ${String(width)}x${String(height)}.`,
      'width',
    );
  }
}

function uniqueSorted(select: readonly number[]): number[] {
  for (const index of select) {
    if (!Number.isInteger(index) || index < 0) {
      throw new KinoError(
        'invalid_option',
        `Frame indices must be integers ≥ 0; got ${String(index)}.`,
        'select',
      );
    }
  }
  return [...new Set(select)].sort((a, b) => a - b);
}
