/**
 * Renders frames start..end-1 of a plan (with the matching stretch of its soundtrack) into an unsigned
 * MP4. Frames are a pure function of (plan, frame), so a window of a longer plan is exactly that part
 * of the full render; this is how a re-cut that starts inside a Kino video keeps its pixels.
 */
import { encodePlan } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import type { EncodeQuality } from '../media/index.ts';
import { frameCount, type VideoPlan } from '../plan/index.ts';

export interface RenderWindowOptions {
  readonly plan: VideoPlan;
  readonly outputPath: string;
  /** Default: the whole plan. */
  readonly startFrame?: number;
  readonly endFrame?: number;
  readonly quality?: EncodeQuality;
  readonly workers?: number;
  readonly signal?: AbortSignal;
}

export async function renderPlanWindow(
  options: RenderWindowOptions,
): Promise<{ outputPath: string; frames: number }> {
  const { plan } = options;
  const total = frameCount(plan);
  const start = options.startFrame ?? 0;
  const end = options.endFrame ?? total;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > total || end <= start) {
    throw new KinoError(
      'invalid_option',
      `Frames ${start}..${end} are not inside the plan's 0..${total}.`,
      'window',
    );
  }
  await encodePlan({
    plan,
    outputPath: options.outputPath,
    start,
    end,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { outputPath: options.outputPath, frames: end - start };
}
