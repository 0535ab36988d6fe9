/**
 * Re-cut: keep the segment [from, to] of a video and widen it equally on both sides to a new length,
 * the way a storyboard card gets room around its moment. Time that lies outside the source is made
 * as extend makes it (re-rendered for Kino videos, ping-pong for others).
 */
import { basename } from 'node:path';
import { KinoError } from '../errors.ts';
import { canBeIngredient, checkOutputSeconds, type EditOptions, type EditResult } from './edit-options.ts';
import { signEdit, withWorkspace } from './edit-output.ts';
import { openVideo } from './extend.ts';
import { renderSourceWindow, sourceDuration } from './source-window.ts';

export interface RecutOptions extends EditOptions {
  readonly fromSec: number;
  readonly toSec: number;
  /** Length of the result; default the segment's own length (a plain trim). */
  readonly seconds?: number;
}

export async function recutVideo(options: RecutOptions): Promise<EditResult> {
  const source = await openVideo(options.sourcePath);
  const d = sourceDuration(source);
  const { fromSec: a, toSec: b } = options;
  if (!Number.isFinite(a) || !Number.isFinite(b) || a < 0 || b > d + 1e-6 || b <= a) {
    throw new KinoError(
      'invalid_duration',
      `The segment must satisfy 0 ≤ from < to ≤ ${d} (the video's length); got from ${a}, to ${b}.`,
      'from',
    );
  }
  const total = checkOutputSeconds(options.seconds ?? b - a, 'seconds');
  if (total < b - a - 1e-6) {
    throw new KinoError(
      'invalid_duration',
      `--seconds ${total} is shorter than the segment (${(b - a).toFixed(3)} s); use a shorter segment to trim.`,
      'seconds',
    );
  }
  const pad = (total - (b - a)) / 2;
  const from = a - pad;
  const to = b + pad;
  const method = source.kind === 'kino-video' ? 'plan' : 'pixels';
  return withWorkspace(options.outputPath, async (ws) => {
    const clip = await renderSourceWindow(source, from, to, ws, options);
    const outside = from < 0 || to > d;
    await signEdit({
      unsignedPath: clip.path,
      outputPath: options.outputPath,
      dataDir: options.dataDir,
      prompt: source.kind === 'kino-video' ? source.plan.provenance.prompt : '',
      ...(clip.plan ? { plan: clip.plan } : {}),
      ...(canBeIngredient(source.path) ? { parentPath: source.path } : {}),
      actions: [
        ...(from > 0 || to < d
          ? [{ action: 'c2pa.trimmed', parameters: { fromSec: Math.max(0, from), toSec: Math.min(d, to) } }]
          : []),
        {
          action: 'c2pa.edited',
          parameters: {
            description: `re-cut ${a}–${b} s to ${total} s${outside ? ', extended past the source' : ''}`,
            tool: 'kino recut',
            source: basename(source.path),
            method,
          },
        },
      ],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      outputPath: options.outputPath,
      durationSec: total,
      method,
      ...(clip.plan ? { plan: clip.plan } : {}),
    };
  });
}
