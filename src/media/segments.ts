/**
 * Video-only segments that join without re-encoding, for chunked renders: every segment of a job is
 * encoded with the same x264 settings, starts with an IDR frame (closed GOP, fixed keyint, no scene-cut
 * keyframes), has no B-frames (so no frame is reordered across a join and no edit list shifts the start)
 * and the same track timescale. `joinSegments` puts them end to end with `concatCopy` and muxes the
 * soundtrack, synthesised once for the whole timeline, as one AAC stream.
 *
 * x264's output depends on its thread count (frame threads limit motion search to rows already encoded),
 * so segments use a fixed count: a chunk encodes to the same bytes on any machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { KinoError } from '../errors.ts';
import { AAC_OUTPUT_ARGS } from './aac.ts';
import { prepareOutput } from './atomic-output.ts';
import { concatCopy } from './concat.ts';
import type { EncodeQuality } from './encoder.ts';
import { resolveFfmpeg } from './locate.ts';
import { cancelledError, onAbort, processFailure, startProcess } from './process.ts';

export interface SegmentEncoderOptions {
  readonly outputPath: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Frames in this segment. */
  readonly frameCount: number;
  /** Frames per GOP, the same for every segment of a job; segments start on a GOP boundary. */
  readonly gopFrames: number;
  readonly quality?: EncodeQuality;
  readonly signal?: AbortSignal;
}

/** Takes I420 frames (BT.709 limited range, as the render workers grade them). */
export interface SegmentEncoder {
  writeFrame(i420: Uint8Array): Promise<void>;
  finish(): Promise<{ outputPath: string }>;
  /** Kills ffmpeg and deletes the partial file. */
  abort(): Promise<void>;
}

const SEGMENT_X264: Record<EncodeQuality, { preset: string; crf: number; params: string }> = {
  // As the whole-file encoder's settings (encoder.ts), less B-frames.
  preview: { preset: 'ultrafast', crf: 23, params: '8x8dct=1' },
  standard: { preset: 'ultrafast', crf: 21, params: '8x8dct=1:cabac=1:deblock=0,0' },
  high: { preset: 'medium', crf: 18, params: '' },
};
/** Fixed so that a segment's bytes do not depend on the machine's core count. */
export const SEGMENT_X264_THREADS = 4;
/** One timescale for every segment: whole ticks per frame at 24, 25, 30, 50 and 60 fps. */
const TRACK_TIMESCALE = 90000;
const SAMPLE_RATE = 48000;
const CHANNELS = 2;

export function segmentX264Params(gopFrames: number, quality: EncodeQuality): string {
  const base = SEGMENT_X264[quality].params;
  const join = [
    `keyint=${gopFrames}`,
    `min-keyint=${gopFrames}`,
    'scenecut=0',
    'open-gop=0',
    'bframes=0',
    'sliced-threads=0',
  ].join(':');
  return base ? `${base}:${join}` : join;
}

export async function openSegmentEncoder(options: SegmentEncoderOptions): Promise<SegmentEncoder> {
  const { width, height, fps, frameCount, gopFrames, signal } = options;
  const quality = options.quality ?? 'standard';
  if (!Number.isInteger(frameCount) || frameCount < 1) {
    throw new KinoError('invalid_option', `frameCount must be a positive integer; got ${frameCount}.`);
  }
  if (!Number.isInteger(gopFrames) || gopFrames < 1) {
    throw new KinoError('invalid_option', `gopFrames must be a positive integer; got ${gopFrames}.`);
  }
  if (width % 2 !== 0 || height % 2 !== 0) {
    throw new KinoError('invalid_size', `a segment must have an even size; got ${width}x${height}.`);
  }
  const what = `Encoding segment "${options.outputPath}"`;
  if (signal?.aborted) throw cancelledError(what, signal.reason);
  const { ffmpeg } = resolveFfmpeg();
  const output = await prepareOutput(options.outputPath);
  const x264 = SEGMENT_X264[quality];
  const rate = String(fps);
  const proc = startProcess(ffmpeg, [
    ...['-hide_banner', '-nostats', '-loglevel', 'error'],
    ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s:v', `${width}x${height}`, '-framerate', rate],
    ...['-colorspace', 'bt709', '-color_range', 'tv', '-i', 'pipe:0', '-map', '0:v:0'],
    ...['-c:v', 'libx264', '-preset', x264.preset, '-crf', String(x264.crf)],
    ...['-x264-params', segmentX264Params(gopFrames, quality), '-threads', String(SEGMENT_X264_THREADS)],
    ...['-profile:v', 'high', '-pix_fmt', 'yuv420p'],
    ...['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'],
    ...['-r', rate, '-video_track_timescale', String(TRACK_TIMESCALE)],
    ...['-f', 'mp4', '-y', output.tempPath],
  ]);
  const stdin = proc.child.stdin!;
  const frameBytes = (width * height * 3) / 2;
  let written = 0;
  let state: 'open' | 'finishing' | 'done' | 'aborted' = 'open';

  // Assigned below; `onAbort` calls `abort` at once when the signal has already fired.
  let unsubscribe = (): void => {};
  const abort = async (): Promise<void> => {
    if (state === 'done' || state === 'aborted') return;
    state = 'aborted';
    unsubscribe();
    // Kill first and wait: deleting a file ffmpeg has not opened yet lets it reappear.
    await proc.kill();
    await output.discard();
  };
  unsubscribe = onAbort(signal, () => void abort());
  const failure = async (): Promise<never> => {
    const exit = await proc.exited;
    await abort();
    if (signal?.aborted) throw cancelledError(what, signal.reason);
    throw processFailure(what, ffmpeg, exit, proc.stderrTail());
  };

  return {
    async writeFrame(i420) {
      if (state !== 'open') throw cancelledError(what, signal?.reason ?? 'the segment encoder was closed');
      if (i420.byteLength !== frameBytes) {
        throw new KinoError(
          'invalid_option',
          `${what}: a frame must be ${width}x${height} I420, ${frameBytes} bytes; got ${i420.byteLength}.`,
        );
      }
      if (written >= frameCount) {
        throw new KinoError('render_failed', `${what}: more than frameCount (${frameCount}) frames written.`);
      }
      written++;
      const ok = await new Promise<boolean>((resolve) => stdin.write(i420, (err) => resolve(!err)));
      if (!ok) await failure();
    },
    async finish() {
      if (state !== 'open') throw cancelledError(what, signal?.reason ?? 'the segment encoder was closed');
      if (written !== frameCount) {
        await abort();
        throw new KinoError('render_failed', `${what}: finish() after ${written} of ${frameCount} frames.`);
      }
      state = 'finishing';
      stdin.end();
      const exit = await proc.exited;
      if (exit.code !== 0 || (state as string) !== 'finishing') return failure();
      unsubscribe();
      await output.commit();
      state = 'done';
      return { outputPath: output.outputPath };
    },
    abort,
  };
}

export interface JoinOptions {
  /** Interleaved 48 kHz stereo float samples for the whole timeline; trimmed or padded to the video. */
  readonly pcm?: Float32Array;
  readonly frameCount: number;
  readonly fps: number;
  readonly signal?: AbortSignal;
}

/**
 * Segments end to end without re-encoding the video (`concatCopy`), then the soundtrack muxed in as one
 * AAC stream (the procedural encoder's settings): the audio has no seams at the joins because it was never
 * cut. The result is an H.264 + AAC MP4 with faststart, like a single render's.
 */
export async function joinSegments(
  segments: readonly string[],
  outputPath: string,
  options: JoinOptions,
): Promise<{ outputPath: string }> {
  const signal = options.signal ? { signal: options.signal } : {};
  if (!options.pcm) return concatCopy(segments, outputPath, signal);
  const work = await mkdtemp(join(dirname(outputPath), '.join-'));
  try {
    const video = join(work, 'video.mp4');
    await concatCopy(segments, video, signal);
    return await muxSoundtrack(video, options.pcm, outputPath, options);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function muxSoundtrack(
  videoPath: string,
  pcm: Float32Array,
  outputPath: string,
  options: JoinOptions,
): Promise<{ outputPath: string }> {
  const what = `Adding the soundtrack to "${outputPath}"`;
  if (options.signal?.aborted) throw cancelledError(what, options.signal.reason);
  const { ffmpeg } = resolveFfmpeg();
  const output = await prepareOutput(outputPath);
  const proc = startProcess(
    ffmpeg,
    [
      ...['-hide_banner', '-nostats', '-loglevel', 'error', '-i', videoPath],
      ...['-f', 'f32le', '-ar', String(SAMPLE_RATE), '-ac', String(CHANNELS), '-i', 'pipe:3'],
      ...['-map', '0:v:0', '-map', '1:a:0', '-c:v', 'copy'],
      ...AAC_OUTPUT_ARGS,
      ...['-movflags', '+faststart', '-f', 'mp4', '-y', output.tempPath],
    ],
    { stdin: 'ignore', extraInputPipe: true },
  );
  let cancelled = false;
  const unsubscribe = onAbort(options.signal, () => {
    cancelled = true;
    void proc.kill();
  });
  const samples = Math.round((options.frameCount / options.fps) * SAMPLE_RATE);
  await pumpExactly(proc.child.stdio[3] as Writable, pcm, samples);
  const exit = await proc.exited;
  unsubscribe();
  if (cancelled || exit.code !== 0) {
    await output.discard();
    if (cancelled) throw cancelledError(what, options.signal?.reason);
    throw processFailure(what, ffmpeg, exit, proc.stderrTail());
  }
  await output.commit();
  return { outputPath: output.outputPath };
}

/** Writes exactly `samples` stereo frames of `pcm` (padded with silence) into the pipe, in 1/4 s blocks. */
async function pumpExactly(pipe: Writable, pcm: Float32Array, samples: number): Promise<void> {
  const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const total = samples * CHANNELS * 4;
  const block = (SAMPLE_RATE / 4) * CHANNELS * 4;
  try {
    for (let at = 0; at < total; at += block) {
      const end = Math.min(at + block, total);
      const chunk = Buffer.alloc(end - at);
      if (at < bytes.length) bytes.copy(chunk, 0, at, Math.min(end, bytes.length));
      await new Promise<void>((resolve, reject) => pipe.write(chunk, (e) => (e ? reject(e) : resolve())));
    }
    pipe.end();
  } catch {
    // ffmpeg exited early; its exit status says why.
  }
}
