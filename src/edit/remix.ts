/**
 * `kino remix VIDEO "instruction"`: a Kino video is re-rendered from its plan with only what the
 * instruction names changed; any other video is re-graded and given weather as pixels. The output is
 * signed with the source as `parentOf`, `c2pa.opened` then `c2pa.edited` carrying the instruction.
 */
import { basename } from 'node:path';
import { proceduralBackend, type VideoBackend } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import { FrameGrader, transformVideo, type EncodeQuality } from '../media/index.ts';
import type { VideoPlan } from '../plan/index.ts';
import { pixelLookFor } from './pixel-look.ts';
import { describeEdits, parseRemixInstruction, type RemixEdit } from './remix-instruction.ts';
import { REMIX_STRENGTHS, remixPlan, type RemixStrength } from './remix-plan.ts';
import { renderSigned } from './signed-output.ts';
import { frameGrid } from './frame-grid.ts';
import { openSource, type VideoSource } from './source.ts';
import { WeatherOverlay } from './weather-overlay.ts';

export interface RemixOptions {
  readonly sourcePath: string;
  readonly instruction: string;
  /** 'mild' when left out. */
  readonly strength?: RemixStrength;
  readonly outputPath: string;
  /** Holds the signing credentials. */
  readonly dataDir: string;
  readonly quality?: EncodeQuality;
  readonly backend?: VideoBackend;
  readonly signal?: AbortSignal;
}

export interface RemixResult {
  readonly outputPath: string;
  /** 'plan': re-rendered from the source's plan; 'pixels': graded as pixels. */
  readonly method: 'plan' | 'pixels';
  readonly edits: readonly RemixEdit[];
  /** The new plan, for Kino sources. */
  readonly plan?: VideoPlan;
}

export async function remixVideo(options: RemixOptions): Promise<RemixResult> {
  const strength = options.strength ?? 'mild';
  if (!REMIX_STRENGTHS.includes(strength)) {
    throw new KinoError(
      'invalid_option',
      `strength must be one of ${REMIX_STRENGTHS.join(', ')}; got ${String(strength)}`,
      'strength',
    );
  }
  const edits = parseRemixInstruction(options.instruction);
  const source = await openSource(options.sourcePath, options.signal ? { signal: options.signal } : {});
  if (source.kind === 'image') {
    throw new KinoError(
      'unsupported_media',
      `"${options.sourcePath}" is an image; remix changes videos. Turn an image into a video with kino animate.`,
      'path',
    );
  }
  const common = {
    outputPath: options.outputPath,
    dataDir: options.dataDir,
    prompt: options.instruction,
    ingredients: [{ path: source.path, title: basename(source.path), relationship: 'parentOf' as const }],
    extraActions: [
      {
        action: 'c2pa.edited',
        parameters: {
          description: options.instruction,
          'kino.edits': describeEdits(edits),
          'kino.strength': strength,
        },
      },
    ],
    ...(options.signal ? { signal: options.signal } : {}),
  };

  if (source.kind === 'kino-video') {
    const plan = remixPlan(
      {
        ...source.plan,
        provenance: {
          ...source.plan.provenance,
          ingredients: [{ title: basename(source.path), relationship: 'parentOf' }],
        },
      },
      edits,
      strength,
    );
    const backend = options.backend ?? proceduralBackend();
    await renderSigned({
      ...common,
      plan,
      render: async (unsignedPath) => {
        await backend.generate({
          plan,
          outputPath: unsignedPath,
          quality: options.quality ?? 'standard',
          ...(options.signal ? { signal: options.signal } : {}),
        });
      },
    });
    return { outputPath: options.outputPath, method: 'plan', edits, plan };
  }

  const look = pixelLookFor(edits, strength, source.path);
  await renderSigned({
    ...common,
    render: (unsignedPath) => regradeVideo(source, unsignedPath, look, options),
  });
  return { outputPath: options.outputPath, method: 'pixels', edits };
}

async function regradeVideo(
  source: Extract<VideoSource, { kind: 'video' }>,
  outputPath: string,
  look: ReturnType<typeof pixelLookFor>,
  options: RemixOptions,
): Promise<void> {
  const grid = frameGrid(source);
  const grader = new FrameGrader(look.grade, grid.width, grid.height);
  const overlay =
    look.particles === 'none'
      ? undefined
      : new WeatherOverlay(look.particles, look.density, grid.width, grid.height, 1);
  await transformVideo({
    inputs: [source.path],
    outputPath,
    ...grid,
    audioFrom: source.info.audio ? 0 : undefined,
    quality: options.quality ?? 'standard',
    ...(options.signal ? { signal: options.signal } : {}),
    compose: ([frame], index) => {
      const graded = grader.apply(frame!);
      return overlay ? overlay.apply(graded, index / grid.fps) : graded;
    },
  });
}
