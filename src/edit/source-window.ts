/**
 * One primitive under re-cut, extend and loop: the stretch [fromSec, toSec) of a source's timeline as
 * an unsigned clip, where the stretch may begin before the source's start or end after its end.
 * - A Kino video is re-rendered from its plan, prepended or lengthened as needed (see plan-time.ts), so
 *   new time is new, continuous footage of the same world.
 * - Any other video is conformed to an allowed size and frame rate, and time outside it plays the
 *   nearest part back and forth (ping-pong), which has no seam and no freeze.
 */
import { KinoError } from '../errors.ts';
import { conformClip, pingPongClip, probeMedia, type EncodeQuality } from '../media/index.ts';
import { frameCount, type VideoPlan } from '../plan/index.ts';
import type { EditWorkspace } from './edit-output.ts';
import { outputFormatFor } from './output-format.ts';
import { lengthenPlan, prependPlan, trimPlanEnd } from './plan-time.ts';
import { renderPlanWindow } from './render-plan.ts';
import type { VideoSource } from './source.ts';

export interface WindowClip {
  readonly path: string;
  readonly fps: number;
  readonly frameCount: number;
  /** The plan the clip is an exact render of, when it starts at the plan's start. */
  readonly plan?: VideoPlan;
}

export interface WindowOptions {
  readonly quality?: EncodeQuality;
  readonly workers?: number;
  readonly signal?: AbortSignal;
}

export function sourceDuration(source: VideoSource): number {
  return source.kind === 'kino-video' ? source.plan.output.durationSec : source.info.durationSec;
}

export async function renderSourceWindow(
  source: VideoSource,
  fromSec: number,
  toSec: number,
  ws: EditWorkspace,
  options: WindowOptions = {},
): Promise<WindowClip> {
  if (!(toSec > fromSec)) {
    throw new KinoError(
      'invalid_duration',
      `A window needs its end after its start; got ${fromSec}..${toSec} s.`,
      'to',
    );
  }
  return source.kind === 'kino-video'
    ? kinoWindow(source.plan, fromSec, toSec, ws, options)
    : foreignWindow(source, fromSec, toSec, ws, options);
}

async function kinoWindow(
  plan: VideoPlan,
  fromSec: number,
  toSec: number,
  ws: EditWorkspace,
  options: WindowOptions,
): Promise<WindowClip> {
  const d = plan.output.durationSec;
  const fps = plan.output.fps;
  const end = Math.min(d, toSec);
  let p = end < d ? trimPlanEnd(plan, end) : plan;
  p = prependPlan(p, Math.max(0, -fromSec));
  p = lengthenPlan(p, Math.max(0, toSec - d));
  const startFrame = Math.round(Math.max(0, fromSec) * fps);
  const endFrame = frameCount(p);
  const path = ws.file('window.mp4');
  await renderPlanWindow({
    plan: p,
    outputPath: path,
    startFrame,
    endFrame,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { path, fps, frameCount: endFrame - startFrame, ...(startFrame === 0 ? { plan: p } : {}) };
}

async function foreignWindow(
  source: Extract<VideoSource, { kind: 'video' }>,
  fromSec: number,
  toSec: number,
  ws: EditWorkspace,
  options: WindowOptions,
): Promise<WindowClip> {
  const video = source.info.video!;
  const format = outputFormatFor(video.width, video.height, video.fps);
  const d = source.info.durationSec;
  const inStart = Math.max(0, fromSec);
  const inEnd = Math.min(d, toSec);
  if (!(inEnd > inStart)) {
    throw new KinoError(
      'invalid_duration',
      `The window ${fromSec}..${toSec} s does not overlap the ${d} s video.`,
      'from',
    );
  }
  const quality = options.quality ?? 'standard';
  const conformed = ws.file('conformed.mp4');
  await conformClip({
    inputPath: source.path,
    outputPath: conformed,
    kind: 'video',
    hasAudio: Boolean(source.info.audio),
    width: format.width,
    height: format.height,
    fps: format.fps,
    startSec: inStart,
    durationSec: inEnd - inStart,
    quality,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const frames = (await probeMedia(conformed)).video?.frameCount ?? 0;
  if (fromSec >= 0 && toSec <= d) return { path: conformed, fps: format.fps, frameCount: frames };
  const path = ws.file('window.mp4');
  await pingPongClip({
    inputPath: conformed,
    outputPath: path,
    fps: format.fps,
    frameCount: frames,
    fromSec: fromSec - inStart,
    toSec: toSec - inStart,
    quality,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { path, fps: format.fps, frameCount: Math.round((toSec - fromSec) * format.fps) };
}
