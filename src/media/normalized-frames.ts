/**
 * Decodes any video as a fixed grid of frames: a given size (cropped to fill, never stretched), a given
 * frame rate and an exact frame count, the last frame held when the source is shorter. Editing tools
 * that combine or re-grade foreign videos need exactly this, whatever rate and size the input had.
 */
import { KinoError } from '../errors.ts';
import { assertInputFile } from './input-file.ts';
import { resolveFfmpeg } from './locate.ts';
import { rawFrames } from './frames.ts';
import { cancelledError, runCollect } from './process.ts';

export interface NormalizedDecodeOptions {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frameCount: number;
  readonly signal?: AbortSignal;
}

export async function* decodeNormalized(
  path: string,
  options: NormalizedDecodeOptions,
): AsyncGenerator<Uint8Array> {
  const { width, height, fps, frameCount } = options;
  if (![width, height, frameCount].every((n) => Number.isInteger(n) && n > 0) || !(fps > 0)) {
    throw new KinoError(
      'invalid_option',
      `width, height and frameCount must be positive integers and fps above 0; got ${width}x${height}, ${frameCount} frames at ${fps} fps.`,
      'frameCount',
    );
  }
  await assertInputFile(path);
  const what = `Decoding frames of "${path}"`;
  if (options.signal?.aborted) throw cancelledError(what, options.signal.reason);
  const filters = [
    `fps=${fps}`,
    `scale=${width}:${height}:force_original_aspect_ratio=increase`,
    `crop=${width}:${height}`,
    'setsar=1',
    // Clone the last frame for ever; -frames:v below stops at exactly frameCount.
    'tpad=stop_mode=clone:stop=-1',
    'format=rgba',
  ];
  const args = [
    ...['-hide_banner', '-nostats', '-loglevel', 'error', '-i', path, '-map', '0:v:0'],
    ...['-vf', filters.join(','), '-frames:v', String(frameCount), '-f', 'rawvideo', 'pipe:1'],
  ];
  yield* rawFrames(what, args, {
    frameBytes: width * height * 4,
    expectFrames: frameCount,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/**
 * The first audio stream as 48 kHz interleaved stereo floats, `durationSec` long at most, or undefined
 * when the file has none.
 */
export async function decodeAudioPcm(
  path: string,
  options: { durationSec: number; signal?: AbortSignal },
): Promise<Float32Array | undefined> {
  await assertInputFile(path);
  const { ffmpeg } = resolveFfmpeg();
  const seconds = Math.max(0.01, options.durationSec);
  const bytes = await runCollect(
    `Decoding the audio of "${path}"`,
    ffmpeg,
    [
      ...[
        '-hide_banner',
        '-nostats',
        '-loglevel',
        'error',
        '-i',
        path,
        '-map',
        '0:a:0?',
        '-t',
        String(seconds),
      ],
      ...['-f', 'f32le', '-ar', '48000', '-ac', '2', 'pipe:1'],
    ],
    // 48 kHz × 2 channels × 4 bytes, plus slack.
    {
      ...(options.signal ? { signal: options.signal } : {}),
      maxStdoutBytes: Math.ceil(seconds * 384_000) + 65_536,
    },
  );
  if (bytes.length < 8) return undefined;
  const copy = new Uint8Array(bytes.length - (bytes.length % 8));
  copy.set(bytes.subarray(0, copy.length));
  return new Float32Array(copy.buffer);
}
