/**
 * One leased job: plan the prompt, render and sign the MP4 (watermarked on plans that have one), derive the
 * thumbnail and spritesheet, hand them to the blob store, then mark the video completed with its expiry.
 * A failure marks it failed (which refunds its credits) and queues the `video.failed` webhook; an abort
 * (deletion, lost lease or shutdown) leaves the record to whoever aborted it.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createBackend, withFallback, type VideoBackend } from '../backends/index.ts';
import { backendModelFor, fallbackModel } from './create-video-request.ts';
import { planPrompt } from '../director/index.ts';
import { isKinoError } from '../errors.ts';
import { extractPng } from '../media/index.ts';
import { DEFAULT_OUTPUT, type StylePreset } from '../plan/index.ts';
import { runJob } from '../pipeline/index.ts';
import type { Blobs } from './blobs.ts';
import type { JobLease } from './queue.ts';
import { makeSpritesheet } from './spritesheet.ts';
import type { Store, VideoRecord } from './store.ts';
import { blobKey } from './video-ids.ts';
import { watermarkedBackend } from './watermark.ts';
import { renderEdit } from './render-edit.ts';
import { recordingJobs, saveBackendJob } from './model-edit.ts';

export interface RenderDeps {
  readonly store: Store;
  readonly blobs: Blobs;
  /** Signing credentials live here. */
  readonly dataDir: string;
  /** Local scratch space for renders in progress, this worker's own. */
  readonly scratchDir: string;
  readonly backend: VideoBackend;
  readonly quality: 'preview' | 'standard' | 'high';
  /** How long a finished video's assets are kept. */
  readonly assetTtlSeconds: number;
  /** Called once a video has completed or failed (webhooks). */
  readonly onFinished?: (video: VideoRecord) => Promise<void>;
}

/** Render progress maps to 0–90; signing and the derived images take the rest. */
const RENDER_SHARE = 90;

export type RenderOutcome = 'finished' | 'aborted' | 'gone';

export async function renderVideo(
  deps: RenderDeps,
  lease: JobLease,
  signal: AbortSignal,
): Promise<RenderOutcome> {
  const { store, blobs } = deps;
  const video = await store.videoById(lease.job.videoId);
  if (!video) return 'gone';
  // A job whose earlier worker died is in_progress already; it starts over from nothing.
  const started =
    video.status === 'in_progress'
      ? await store.markRestarted(video.id, Date.now())
      : await store.markStarted(video.id, Date.now());
  if (!started) return 'gone';
  const work = join(deps.scratchDir, video.id);
  const output = join(work, 'video.mp4');
  try {
    await blobs.deletePrefix(`videos/${video.id}`);
    await mkdir(work, { recursive: true });
    if (video.edit) {
      // An edit has no frame progress to report: it moves once its inputs are read and once it is signed.
      void store.setProgress(video.id, 5);
      await renderEdit(deps, video, video.edit, work, output, signal);
      void store.setProgress(video.id, RENDER_SHARE + 5);
    } else {
      await renderGenerated(deps, video, output, signal);
    }
    signal.throwIfAborted();
    const thumbnail = await extractPng(output, video.seconds / 2, { signal });
    const spritesheet = await makeSpritesheet(output, video, signal);
    await blobs.put(blobKey(video.id, 'thumbnail'), thumbnail);
    await blobs.put(blobKey(video.id, 'spritesheet'), spritesheet);
    await blobs.putFile(blobKey(video.id, 'video'), output);
    const now = Date.now();
    const expiresAt = Math.floor(now / 1000) + deps.assetTtlSeconds;
    // Uploaded inputs are kept only until their job has run (an aborted job runs again and needs
    // them); they go before the video is marked finished, so a finished video never has any left.
    await blobs.deletePrefix(`uploads/${video.id}`);
    // Deleted while rendering: drop what was just stored.
    if (!(await store.markCompletedUntil(video.id, now, expiresAt))) {
      await blobs.deletePrefix(`videos/${video.id}`);
      return 'gone';
    }
  } catch (err) {
    if (signal.aborted) return 'aborted';
    if (!isKinoError(err)) {
      process.stderr.write(`kino worker: video ${video.id} failed: ${(err as Error).stack ?? String(err)}\n`);
    }
    const error = isKinoError(err)
      ? { code: err.code, message: err.message.replaceAll(deps.scratchDir, '<scratch>') }
      : { code: 'render_failed', message: 'the render failed unexpectedly; try again' };
    await blobs.deletePrefix(`uploads/${video.id}`);
    await store.markFailed(video.id, error, Date.now());
    await blobs.deletePrefix(`videos/${video.id}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const finished = await store.videoById(video.id);
  if (finished) await deps.onFinished?.(finished);
  return 'finished';
}

/**
 * The procedural engine this worker was given, or the model backend the video asked for; with
 * `KINO_MODEL_FALLBACK` set, an unavailable model backend falls back to that model.
 */
function backendFor(deps: RenderDeps, video: VideoRecord): VideoBackend {
  const model = backendModelFor(video.model);
  const backendOf = (name: string) => (name === 'kino-procedural' ? deps.backend : createBackend(name));
  const fallback = fallbackModel();
  if (model === 'kino-procedural' || !fallback || fallback === model) return backendOf(model);
  const fellBack = (reason: string) =>
    process.stderr.write(
      `kino worker: video ${video.id}: ${model} unavailable (${reason}); rendering on ${fallback}\n`,
    );
  try {
    return withFallback(backendOf(model), backendOf(fallback), fellBack);
  } catch (err) {
    // Not configured on this machine at all: straight to the fallback.
    if (!isKinoError(err) || err.code !== 'backend_unavailable') throw err;
    fellBack(err.message);
    return backendOf(fallback);
  }
}

/** A video generated from its prompt: plan it, render, watermark on plans that have one, sign. */
async function renderGenerated(
  deps: RenderDeps,
  video: VideoRecord,
  output: string,
  signal: AbortSignal,
): Promise<void> {
  const { store } = deps;
  const { plan } = await planPrompt(video.prompt, {
    seed: video.seed,
    width: video.width,
    height: video.height,
    fps: DEFAULT_OUTPUT.fps,
    durationSec: video.seconds,
    ...(video.style ? { style: video.style as StylePreset } : {}),
    signal,
  });
  signal.throwIfAborted();
  let reported = 0;
  await runJob({
    plan,
    outputPath: output,
    dataDir: deps.dataDir,
    // A model's job id is kept beside the video, so a later remix or extension can refer to it.
    backend: recordingJobs(
      video.watermark ? watermarkedBackend(backendFor(deps, video)) : backendFor(deps, video),
      (job) => saveBackendJob(deps.blobs, video.id, job),
    ),
    quality: deps.quality,
    signal,
    onProgress: (event) => {
      const progress =
        event.type === 'frame'
          ? Math.floor((event.framesDone / event.totalFrames) * RENDER_SHARE)
          : event.type === 'signing'
            ? RENDER_SHARE + 5
            : reported;
      if (progress > reported) {
        reported = progress;
        void store.setProgress(video.id, progress);
      }
    },
  });
}
