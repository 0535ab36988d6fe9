/**
 * Extend: continue a video forward or backward by some seconds with no visible seam. A Kino video
 * is re-rendered from a longer plan (its world simply goes on, or was already there before); any other
 * video plays its end (or start) back in reverse, which is continuous frame to frame and sample to sample.
 */
import { basename } from 'node:path';
import { KinoError } from '../errors.ts';
import { MAX_DURATION_SEC } from '../plan/index.ts';
import { canBeIngredient, checkOutputSeconds, type EditOptions, type EditResult } from './edit-options.ts';
import { signEdit, withWorkspace } from './edit-output.ts';
import { openSource, type VideoSource } from './source.ts';
import { renderSourceWindow, sourceDuration } from './source-window.ts';

export interface ExtendOptions extends EditOptions {
  readonly seconds: number;
  readonly direction?: 'forward' | 'backward';
}

export async function extendVideo(options: ExtendOptions): Promise<EditResult> {
  const direction = options.direction ?? 'forward';
  if (direction !== 'forward' && direction !== 'backward') {
    throw new KinoError(
      'invalid_option',
      `direction must be forward or backward; got ${String(direction)}.`,
      'direction',
    );
  }
  const source = await openVideo(options.sourcePath);
  const d = sourceDuration(source);
  checkOutputSeconds(options.seconds, 'seconds');
  const total = d + options.seconds;
  if (total > MAX_DURATION_SEC + 1e-6) {
    throw new KinoError(
      'invalid_duration',
      `Extending the ${d} s video by ${options.seconds} s would make ${total} s; edited videos last at most ${MAX_DURATION_SEC} s.`,
      'seconds',
    );
  }
  const [from, to] = direction === 'forward' ? [0, total] : [-options.seconds, d];
  return withWorkspace(options.outputPath, async (ws) => {
    const clip = await renderSourceWindow(source, from, to, ws, options);
    await signEdit({
      unsignedPath: clip.path,
      outputPath: options.outputPath,
      dataDir: options.dataDir,
      prompt: source.kind === 'kino-video' ? source.plan.provenance.prompt : '',
      ...(clip.plan ? { plan: clip.plan } : {}),
      ...(canBeIngredient(source.path) ? { parentPath: source.path } : {}),
      actions: [
        {
          action: 'c2pa.edited',
          parameters: {
            description: `extended ${direction} by ${options.seconds} s`,
            tool: 'kino extend',
            source: basename(source.path),
            method: source.kind === 'kino-video' ? 'plan' : 'pixels',
          },
        },
      ],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      outputPath: options.outputPath,
      durationSec: total,
      method: source.kind === 'kino-video' ? 'plan' : 'pixels',
      ...(clip.plan ? { plan: clip.plan } : {}),
    };
  });
}

export async function openVideo(path: string): Promise<VideoSource> {
  const source = await openSource(path);
  if (source.kind === 'image') {
    throw new KinoError(
      'unsupported_media',
      `"${path}" is an image; this tool edits videos. Use a storyboard image card or animate it first.`,
      'path',
    );
  }
  return source;
}
