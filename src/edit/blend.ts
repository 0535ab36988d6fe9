/**
 * `kino blend A B`: two videos into one, with B's influence following a curve over time.
 *
 * Two Kino videos blend at plan level: the output keeps A's layout, motion, camera and timing and
 * takes B's look (time of day, weather, atmosphere, lighting, style) as far as the curve says. A curve
 * that holds one weight is one plan, rendered once. A curve that changes renders A's layout in B's
 * look as well and dissolves between the two renders frame by frame, which, since their geometry is
 * identical, reads as the light itself changing. Any other pair blends as pixels: B is decoded onto A's
 * frame grid and mixed with the curve's weight per frame.
 *
 * The output is signed with both sources as `componentOf` ingredients under `c2pa.placed`.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { proceduralBackend, type VideoBackend } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import { blendFrames, transformVideo, type EncodeQuality } from '../media/index.ts';
import type { VideoPlan } from '../plan/index.ts';
import {
  constantWeight,
  curveWeight,
  parseBlendCurve,
  type BlendCurve,
  type CurvePoint,
} from './blend-curve.ts';
import { lookAtFraction, lookOf, mixLooks, withLooks } from './look-transfer.ts';
import { frameGrid } from './frame-grid.ts';
import { renderSigned } from './signed-output.ts';
import { openSource, type EditSource, type VideoSource } from './source.ts';

export interface BlendOptions {
  readonly aPath: string;
  readonly bPath: string;
  /** A preset (transition, mix, sample), "t:w,…" points, or points; 'transition' when left out. */
  readonly curve?: string | readonly CurvePoint[];
  readonly outputPath: string;
  readonly dataDir: string;
  readonly quality?: EncodeQuality;
  readonly backend?: VideoBackend;
  readonly signal?: AbortSignal;
}

export interface BlendResult {
  readonly outputPath: string;
  /** 'plan': one re-rendered plan; 'plan-dissolve': A's layout in both looks, dissolved; 'pixels'. */
  readonly method: 'plan' | 'plan-dissolve' | 'pixels';
  readonly curve: BlendCurve;
  /** The rendered plan, when the output is exactly one. */
  readonly plan?: VideoPlan;
}

export async function blendVideos(options: BlendOptions): Promise<BlendResult> {
  const curve = parseBlendCurve(options.curve);
  const signal = options.signal ? { signal: options.signal } : {};
  const [a, b] = await Promise.all([openSource(options.aPath, signal), openSource(options.bPath, signal)]);
  const videoA = asVideo(a, 'A');
  const videoB = asVideo(b, 'B');
  const description = `blend of ${basename(videoA.path)} and ${basename(videoB.path)}`;
  const common = {
    outputPath: options.outputPath,
    dataDir: options.dataDir,
    prompt: description,
    ingredients: [
      { path: videoA.path, title: basename(videoA.path), relationship: 'componentOf' as const },
      { path: videoB.path, title: basename(videoB.path), relationship: 'componentOf' as const },
    ],
    extraActions: [
      {
        action: 'c2pa.edited',
        parameters: { description, 'kino.curve': curve.map((p) => `${p.t}:${p.weight}`).join(',') },
      },
    ],
    ...signal,
  };
  const quality = options.quality ?? 'standard';

  if (videoA.kind === 'kino-video' && videoB.kind === 'kino-video') {
    const planA = withIngredients(videoA.plan, videoA.path, videoB.path);
    const planB = videoB.plan;
    const backend = options.backend ?? proceduralBackend();
    const fixed = constantWeight(curve);
    const lookPlan = (weight: number) =>
      withLooks(planA, (shot) => {
        const middle = (shot.start + shot.end) / 2 / planA.output.durationSec;
        return mixLooks(lookOf(planA, shot), lookAtFraction(planB, middle), weight);
      });
    if (fixed !== undefined) {
      const plan = lookPlan(fixed);
      await renderSigned({
        ...common,
        plan,
        render: async (unsigned) => {
          await backend.generate({ plan, outputPath: unsigned, quality, ...signal });
        },
      });
      return { outputPath: options.outputPath, method: 'plan', curve, plan };
    }
    const inB = lookPlan(1);
    await renderSigned({
      ...common,
      render: (unsigned) =>
        withTempFile(unsigned, async (bLook) => {
          await backend.generate({ plan: inB, outputPath: bLook, quality, ...signal });
          await dissolve(videoA.path, bLook, videoA, curve, unsigned, quality, options.signal);
        }),
    });
    return { outputPath: options.outputPath, method: 'plan-dissolve', curve };
  }

  await renderSigned({
    ...common,
    render: (unsigned) =>
      dissolve(videoA.path, videoB.path, videoA, curve, unsigned, quality, options.signal),
  });
  return { outputPath: options.outputPath, method: 'pixels', curve };
}

function asVideo(source: EditSource, which: 'A' | 'B'): VideoSource {
  if (source.kind === 'image') {
    throw new KinoError(
      'unsupported_media',
      `blend takes two videos, but ${which} ("${source.path}") is an image; turn it into a video first with kino animate`,
      which === 'A' ? 'a' : 'b',
    );
  }
  return source;
}

function withIngredients(plan: VideoPlan, aPath: string, bPath: string): VideoPlan {
  return {
    ...plan,
    provenance: {
      ...plan.provenance,
      ingredients: [
        { title: basename(aPath), relationship: 'componentOf' },
        { title: basename(bPath), relationship: 'componentOf' },
      ],
    },
  };
}

/** A's frame grid; each output frame is A's and B's frames mixed with the curve's weight at that time. */
async function dissolve(
  aPath: string,
  bPath: string,
  grid: VideoSource,
  curve: BlendCurve,
  outputPath: string,
  quality: EncodeQuality,
  signal: AbortSignal | undefined,
): Promise<void> {
  const g = frameGrid(grid);
  await transformVideo({
    inputs: [aPath, bPath],
    outputPath,
    ...g,
    audioFrom: grid.info.audio ? 0 : undefined,
    quality,
    ...(signal ? { signal } : {}),
    compose: ([a, b], index) => {
      const t = g.frameCount > 1 ? index / (g.frameCount - 1) : 0;
      return blendFrames(a!, b!, curveWeight(curve, t));
    },
  });
}

/** A temp file beside `near`, removed once `use` is done with it, whatever happens. */
async function withTempFile(near: string, use: (path: string) => Promise<void>): Promise<void> {
  const path = join(dirname(near), `.${basename(near)}.${randomBytes(4).toString('hex')}.mp4`);
  try {
    await use(path);
  } finally {
    await rm(path, { force: true });
  }
}
