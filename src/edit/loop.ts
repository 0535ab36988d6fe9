/**
 * Loop: a seamless loop of a chosen length. The loop is cut from the start of the source, and the
 * footage that follows its end is dissolved over its head (equal-power on the audio), so on the wrap
 * the last frame is followed by its true successor. A Kino video first re-renders as long as needed;
 * a short foreign video first plays back and forth to get the length.
 */
import { basename } from 'node:path';
import { KinoError } from '../errors.ts';
import { crossfadeLoopClip } from '../media/index.ts';
import { canBeIngredient, checkOutputSeconds, type EditOptions, type EditResult } from './edit-options.ts';
import { signEdit, withWorkspace } from './edit-output.ts';
import { openVideo } from './extend.ts';
import { renderSourceWindow } from './source-window.ts';

export const LOOP_LENGTHS = { short: 3, normal: 6, long: 12 } as const;
export type LoopLength = keyof typeof LOOP_LENGTHS;
/** Room for the crossfade: the source is rendered this much past the loop, within the 20 s plan limit. */
export const MAX_LOOP_SEC = 19;

export interface LoopOptions extends EditOptions {
  /** Exact loop length in seconds; wins over `length`. */
  readonly seconds?: number;
  readonly length?: LoopLength;
}

export async function loopVideo(options: LoopOptions): Promise<EditResult> {
  if (options.length !== undefined && !(options.length in LOOP_LENGTHS)) {
    throw new KinoError(
      'invalid_option',
      `length must be one of ${Object.keys(LOOP_LENGTHS).join(', ')}; got ${String(options.length)}.`,
      'length',
    );
  }
  const loopSec = checkOutputSeconds(options.seconds ?? LOOP_LENGTHS[options.length ?? 'normal'], 'seconds');
  if (loopSec < 1 || loopSec > MAX_LOOP_SEC) {
    throw new KinoError('invalid_duration', `A loop lasts 1–${MAX_LOOP_SEC} s; got ${loopSec}.`, 'seconds');
  }
  const source = await openVideo(options.sourcePath);
  // A quarter of the loop, at most a second: long enough to hide the join, short enough not to smear it.
  const fadeSec = Math.min(1, loopSec / 4, 20 - loopSec);
  const method = source.kind === 'kino-video' ? 'plan' : 'pixels';
  return withWorkspace(options.outputPath, async (ws) => {
    const clip = await renderSourceWindow(source, 0, loopSec + fadeSec, ws, options);
    const unsigned = ws.file('loop.mp4');
    await crossfadeLoopClip({
      inputPath: clip.path,
      outputPath: unsigned,
      fps: clip.fps,
      frameCount: clip.frameCount,
      loopSec,
      fadeSec,
      ...(options.quality ? { quality: options.quality } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await signEdit({
      unsignedPath: unsigned,
      outputPath: options.outputPath,
      dataDir: options.dataDir,
      prompt: source.kind === 'kino-video' ? source.plan.provenance.prompt : '',
      ...(canBeIngredient(source.path) ? { parentPath: source.path } : {}),
      actions: [
        {
          action: 'c2pa.edited',
          parameters: {
            description: `seamless ${loopSec} s loop (${fadeSec} s crossfade of the following footage over the head)`,
            tool: 'kino loop',
            source: basename(source.path),
            method,
          },
        },
      ],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { outputPath: options.outputPath, durationSec: loopSec, method };
  });
}
