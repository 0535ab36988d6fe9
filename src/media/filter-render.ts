/**
 * Runs one ffmpeg filter graph over some inputs into an H.264/AAC MP4, written atomically: the target
 * appears only when ffmpeg succeeded. The editing tools' pixel operations (conform, ping-pong, loop
 * crossfades, storyboard joins) are filter graphs built elsewhere and rendered here.
 */
import { KinoError } from '../errors.ts';
import { AAC_OUTPUT_ARGS } from './aac.ts';
import { prepareOutput } from './atomic-output.ts';
import type { EncodeQuality } from './encoder.ts';
import { assertInputFile } from './input-file.ts';
import { resolveFfmpeg } from './locate.ts';
import { runCollect } from './process.ts';

export interface GraphInput {
  readonly path: string;
  /** ffmpeg input options placed before `-i` (e.g. `-loop 1` for a still image). */
  readonly options?: readonly string[];
}

export interface FilterRenderOptions {
  readonly inputs: readonly GraphInput[];
  /** A -filter_complex graph whose outputs are labelled `[v]` (video) and `[a]` (audio). */
  readonly graph: string;
  readonly outputPath: string;
  /** Cuts the output to exactly this many seconds. */
  readonly durationSec?: number;
  readonly quality?: EncodeQuality;
  readonly signal?: AbortSignal;
}

// The same settings as the streaming encoder, so edited and rendered videos look alike.
const X264: Record<EncodeQuality, readonly string[]> = {
  preview: ['-preset', 'ultrafast', '-crf', '23', '-x264-params', '8x8dct=1'],
  standard: ['-preset', 'veryfast', '-crf', '20'],
  high: ['-preset', 'medium', '-crf', '18'],
};

export async function renderFilterGraph(options: FilterRenderOptions): Promise<{ outputPath: string }> {
  if (options.inputs.length === 0) {
    throw new KinoError('invalid_option', 'renderFilterGraph needs at least one input.', 'inputs');
  }
  for (const input of options.inputs) await assertInputFile(input.path, 'inputs');
  const { ffmpeg } = resolveFfmpeg();
  const output = await prepareOutput(options.outputPath);
  const args = [
    ...['-hide_banner', '-nostats', '-loglevel', 'error'],
    ...options.inputs.flatMap((input) => [...(input.options ?? []), '-i', input.path]),
    ...['-filter_complex', options.graph, '-map', '[v]', '-map', '[a]'],
    ...[
      '-c:v',
      'libx264',
      ...X264[options.quality ?? 'standard'],
      '-profile:v',
      'high',
      '-pix_fmt',
      'yuv420p',
    ],
    ...AAC_OUTPUT_ARGS,
    ...(options.durationSec !== undefined ? ['-t', options.durationSec.toFixed(6)] : []),
    ...['-movflags', '+faststart', '-f', 'mp4', '-y', output.tempPath],
  ];
  try {
    await runCollect(`Rendering "${options.outputPath}"`, ffmpeg, args, {
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await output.commit();
  } catch (err) {
    // runCollect returns only after ffmpeg exited, so the temp file cannot reappear.
    await output.discard();
    throw err;
  }
  return { outputPath: output.outputPath };
}
