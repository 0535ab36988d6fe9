/**
 * Conform any video or still image to one output format: an exact size (scaled to cover, then
 * centre-cropped), a constant frame rate, yuv420p, and 48 kHz stereo audio (silence when the source
 * has none). Everything the editing tools join or loop is conformed first, so their filter graphs
 * can count frames and samples.
 */
import { KinoError } from '../errors.ts';
import type { EncodeQuality } from './encoder.ts';
import { renderFilterGraph } from './filter-render.ts';

export interface ConformTarget {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Length of the result. A video shorter than `startSec + durationSec` holds its last frame. */
  readonly durationSec: number;
}

export interface ConformOptions extends ConformTarget {
  readonly inputPath: string;
  readonly outputPath: string;
  /** A still image becomes a slow push-in (Ken Burns) plate instead of a frozen frame. */
  readonly kind: 'video' | 'image';
  readonly hasAudio: boolean;
  /** Where in the source video to start, in seconds. */
  readonly startSec?: number;
  readonly quality?: EncodeQuality;
  readonly signal?: AbortSignal;
}

export const AUDIO_FORMAT = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';

export async function conformClip(options: ConformOptions): Promise<{ outputPath: string }> {
  const { width, height, fps, durationSec } = options;
  if (!(durationSec > 0)) {
    throw new KinoError(
      'invalid_duration',
      `A clip must last more than 0 s; got ${durationSec}.`,
      'durationSec',
    );
  }
  const start = options.startSec ?? 0;
  const video =
    options.kind === 'image'
      ? kenBurns(width, height, fps, durationSec)
      : `[0:v]setpts=PTS-STARTPTS,${cover(width, height)},fps=${fps},` +
        `tpad=stop_mode=clone:stop_duration=${durationSec.toFixed(6)},format=yuv420p[v]`;
  const audio = options.hasAudio
    ? `[0:a]asetpts=PTS-STARTPTS,${AUDIO_FORMAT},apad[a]`
    : `anullsrc=r=48000:cl=stereo,${AUDIO_FORMAT}[a]`;
  return renderFilterGraph({
    inputs: [
      {
        path: options.inputPath,
        // Seeking on the input decodes from the keyframe before `start` and drops frames up to it: exact and fast.
        options: options.kind === 'image' ? ['-loop', '1'] : start > 0 ? ['-ss', start.toFixed(6)] : [],
      },
    ],
    graph: `${video};${audio}`,
    outputPath: options.outputPath,
    durationSec,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** Scale so the frame is covered, then crop the overflow equally from both sides. */
export function cover(width: number, height: number): string {
  return `scale=${width}:${height}:force_original_aspect_ratio=increase:flags=lanczos,crop=${width}:${height},setsar=1`;
}

/**
 * A still becomes a plate that slowly pushes in by 8 % over the clip. zoompan works in whole pixels,
 * so the image is first scaled to 4x the output size, which keeps the motion free of stair-stepping.
 */
function kenBurns(width: number, height: number, fps: number, durationSec: number): string {
  const frames = Math.max(1, Math.round(durationSec * fps));
  const zoom = `1+0.08*on/${frames}`;
  return (
    `[0:v]${cover(width * 4, height * 4)},` +
    `zoompan=z='${zoom}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=${width}x${height}:fps=${fps},` +
    `setsar=1,format=yuv420p[v]`
  );
}
