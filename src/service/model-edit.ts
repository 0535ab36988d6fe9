/**
 * Remix and extend of a video a model backend made (ComfyUI, OpenAI) go back to that backend: re-rendering
 * its plan procedurally would give a different picture. At request time `modelForEdit` says whether an
 * edit goes to a model and refuses what the model cannot do; in the worker `renderModelEdit` runs it and
 * signs the result with the source as its parent. The model service's job id of every model-made video is
 * kept as a small blob beside it (`videos/<id>/backend.json`), so OpenAI can remix by id.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_MODEL,
  createBackend,
  modelInfo,
  type BackendJob,
  type VideoBackend,
} from '../backends/index.ts';
import { KINO_VERSION } from '../config.ts';
import { planPrompt } from '../director/index.ts';
import { KinoError, isKinoError } from '../errors.ts';
import type { EncodeQuality } from '../media/index.ts';
import { DEFAULT_OUTPUT, serializePlan } from '../plan/index.ts';
import { signVideo } from '../provenance/index.ts';
import type { Blobs } from './blobs.ts';
import { backendModelFor, fallbackModel } from './create-video-request.ts';
import type { EditJob } from './edit-jobs.ts';
import type { VideoRecord } from './store.ts';

const BackendJobFile = z.object({
  model: z.string(),
  id: z.string(),
  seconds: z.number().positive().optional(),
  expiresAt: z.number().int().optional(),
});

export const backendJobKey = (videoId: string): string => `videos/${videoId}/backend.json`;

export async function saveBackendJob(blobs: Blobs, videoId: string, job: BackendJob): Promise<void> {
  await blobs.put(
    backendJobKey(videoId),
    new TextEncoder().encode(JSON.stringify(BackendJobFile.parse(job))),
  );
}

/** The recorded job, or undefined when there is none or it does not parse (then the pixels are used). */
export async function loadBackendJob(blobs: Blobs, videoId: string): Promise<BackendJob | undefined> {
  const blob = await blobs.get(backendJobKey(videoId));
  if (!blob) return undefined;
  try {
    const parsed = BackendJobFile.safeParse(JSON.parse(await new Response(blob.stream).text()));
    if (!parsed.success) return undefined;
    const { model, id, seconds, expiresAt } = parsed.data;
    return {
      model,
      id,
      ...(seconds !== undefined ? { seconds } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
  } catch {
    return undefined;
  }
}

/** A backend whose results' model jobs are handed to `record` (kept for later remixes). */
export function recordingJobs(
  backend: VideoBackend,
  record: (job: BackendJob) => Promise<void>,
): VideoBackend {
  return {
    ...backend,
    async generate(request) {
      const result = await backend.generate(request);
      if (result.job) await record(result.job);
      return result;
    },
  };
}

export type ModelEditAsk =
  | { readonly kind: 'remix'; readonly sourceSeconds: number }
  | { readonly kind: 'extend'; readonly seconds: number; readonly backward: boolean };

/**
 * The registry model an edit of a video made on `sourceModel` renders on, or undefined when it is an edit
 * on Kino's side (procedural sources, or a model that is down while KINO_MODEL_FALLBACK is set: then the
 * video is edited as pixels). Throws, naming the model and what it can do, when the model cannot.
 */
export function modelForEdit(videoId: string, sourceModel: string, ask: ModelEditAsk): string | undefined {
  let model: string;
  try {
    model = backendModelFor(sourceModel);
  } catch (err) {
    if (!isKinoError(err)) throw err;
    if (err.code === 'backend_unavailable' && fallbackModel()) return undefined;
    throw new KinoError(
      'backend_unavailable',
      `video ${videoId} was made by ${sourceModel}, which this server cannot run now (${err.message}); ` +
        `its ${ask.kind === 'remix' ? 'remix' : 'extension'} must run there. Re-cut, loop or blend it instead, ` +
        'which Kino does on the pixels.',
      'model',
    );
  }
  if (model === DEFAULT_MODEL) return undefined;
  const info = modelInfo(model);
  if (!info) return undefined;
  if (!info.available) {
    if (fallbackModel()) return undefined;
    throw new KinoError(
      'backend_unavailable',
      `video ${videoId} was made by ${model}, which is not configured on this server (${info.reason ?? 'unavailable'})`,
      'model',
    );
  }
  const caps = info.capabilities;
  if (ask.kind === 'remix') {
    if (!caps.remix) {
      throw new KinoError(
        'invalid_request',
        `${model} cannot remix; only videos made by kino-procedural, ComfyUI or OpenAI models can be remixed`,
        'model',
      );
    }
    if (caps.remixMaxSec !== undefined && ask.sourceSeconds > caps.remixMaxSec + 1e-6) {
      throw new KinoError(
        'invalid_duration',
        `${model} remixes videos of up to ${caps.remixMaxSec} s (it re-imagines them from their first frame); ` +
          `video ${videoId} lasts ${ask.sourceSeconds} s. Re-cut it shorter first.`,
        'video_id',
      );
    }
    return model;
  }
  if (ask.backward) {
    throw new KinoError(
      'invalid_request',
      `${model} extends videos forward only; drop direction "backward" (kino-procedural videos extend both ways)`,
      'direction',
    );
  }
  if (!caps.extend) {
    throw new KinoError('invalid_request', `${model} cannot extend videos`, 'model');
  }
  if (caps.extendMaxSec !== undefined && ask.seconds > caps.extendMaxSec + 1e-6) {
    throw new KinoError(
      'invalid_duration',
      `${model} adds at most ${caps.extendMaxSec} s per extension; got ${ask.seconds} s. Extend in several steps.`,
      'seconds',
    );
  }
  return model;
}

/** True when `video` is a remix or extension that runs on a model backend (see `modelForEdit`). */
export function isModelEdit(video: VideoRecord, job: EditJob): boolean {
  if (job.kind !== 'remix' && job.kind !== 'extend') return false;
  return video.model !== DEFAULT_MODEL && modelInfo(video.model) !== undefined;
}

export interface ModelEditDeps {
  readonly blobs: Blobs;
  readonly dataDir: string;
  readonly quality: EncodeQuality;
}

/**
 * Runs a remix or extension on the model that made the source and signs it: the source is the parent
 * ingredient, the model is named as the software agent of the `c2pa.edited` action. Returns undefined
 * (no plan: the pixels are the model's, and later edits work on them).
 */
export async function renderModelEdit(
  deps: ModelEditDeps,
  video: VideoRecord,
  job: EditJob,
  sourcePath: string,
  outputPath: string,
  signal: AbortSignal,
): Promise<undefined> {
  if (job.kind !== 'remix' && job.kind !== 'extend') {
    throw new KinoError('invalid_request', `${video.model} does not run ${job.kind} edits`, 'model');
  }
  const backend = createBackend(video.model);
  const sourceJob = 'video' in job.source ? await loadBackendJob(deps.blobs, job.source.video) : undefined;
  const { plan } = await planPrompt(video.prompt, {
    seed: video.seed,
    width: video.width,
    height: video.height,
    fps: DEFAULT_OUTPUT.fps,
    durationSec: video.seconds,
    signal,
  });
  const unsigned = join(
    dirname(outputPath),
    `.${basename(outputPath)}.model-${randomBytes(4).toString('hex')}.mp4`,
  );
  const request = {
    sourcePath,
    ...(sourceJob ? { sourceJob } : {}),
    plan,
    outputPath: unsigned,
    quality: deps.quality,
    signal,
  };
  try {
    const result =
      job.kind === 'remix'
        ? await required(backend, 'remix').call(backend, request)
        : await required(backend, 'extend').call(backend, { ...request, seconds: job.seconds });
    await signVideo({
      inputPath: unsigned,
      outputPath,
      dataDir: deps.dataDir,
      signal,
      manifest: {
        title: basename(outputPath),
        prompt: video.prompt,
        generator: { name: 'Kino', version: KINO_VERSION },
        digitalSourceType: result.digitalSourceType,
        model: result.model,
        plan: JSON.parse(serializePlan(plan)) as Record<string, unknown>,
        ingredients: [{ path: sourcePath, title: basename(sourcePath), relationship: 'parentOf' }],
        extraActions: [
          {
            action: 'c2pa.edited',
            parameters: {
              description:
                job.kind === 'remix'
                  ? `remixed on ${result.model}: ${video.prompt}`
                  : `extended forward by ${job.seconds} s on ${result.model}: ${video.prompt}`,
              tool: `kino ${job.kind}`,
              method: 'model',
            },
          },
        ],
      },
    });
    if (result.job) await saveBackendJob(deps.blobs, video.id, result.job);
  } finally {
    await rm(unsigned, { force: true });
  }
  return undefined;
}

function required<K extends 'remix' | 'extend'>(
  backend: VideoBackend,
  kind: K,
): NonNullable<VideoBackend[K]> {
  const method = backend[kind];
  if (!method) {
    throw new KinoError(
      'invalid_request',
      `${backend.id} cannot ${kind} videos; remix and extend videos made by kino-procedural instead`,
      'model',
    );
  }
  return method as NonNullable<VideoBackend[K]>;
}
