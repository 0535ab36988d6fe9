/**
 * The queue's job handler: plan the prompt, render and sign the MP4, derive the thumbnail and spritesheet,
 * hand them to the blob store, then mark the video completed. A failure marks it failed (which refunds its
 * credits); an abort (deletion or shutdown) leaves the record alone.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { VideoBackend } from '../backends/index.ts';
import { planPrompt } from '../director/index.ts';
import { isKinoError } from '../errors.ts';
import { extractPng } from '../media/index.ts';
import { DEFAULT_OUTPUT } from '../plan/index.ts';
import { runJob } from '../pipeline/index.ts';
import type { Blobs } from './blobs.ts';
import type { JobHandler } from './queue.ts';
import { makeSpritesheet } from './spritesheet.ts';
import type { Store } from './store.ts';
import { blobKey } from './video-ids.ts';

export interface RenderDeps {
  readonly store: Store;
  readonly blobs: Blobs;
  /** Signing credentials live here. */
  readonly dataDir: string;
  /** Local scratch space for renders in progress. */
  readonly scratchDir: string;
  readonly backend: VideoBackend;
  readonly quality: 'preview' | 'standard' | 'high';
}

/** Render progress maps to 0–90; signing and the derived images take the rest. */
const RENDER_SHARE = 90;

export function renderVideoHandler(deps: RenderDeps): JobHandler {
  const { store, blobs } = deps;
  return async (job, signal) => {
    const video = await store.videoById(job.videoId);
    if (!video || !(await store.markStarted(video.id, Date.now()))) return;
    const work = join(deps.scratchDir, video.id);
    const output = join(work, 'video.mp4');
    try {
      await mkdir(work, { recursive: true });
      const { plan } = await planPrompt(video.prompt, {
        seed: video.seed,
        width: video.width,
        height: video.height,
        fps: DEFAULT_OUTPUT.fps,
        durationSec: video.seconds,
        signal,
      });
      signal.throwIfAborted();
      let reported = 0;
      await runJob({
        plan,
        outputPath: output,
        dataDir: deps.dataDir,
        backend: deps.backend,
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
      const thumbnail = await extractPng(output, video.seconds / 2, { signal });
      const spritesheet = await makeSpritesheet(output, video, signal);
      await blobs.put(blobKey(video.id, 'thumbnail'), thumbnail);
      await blobs.put(blobKey(video.id, 'spritesheet'), spritesheet);
      await blobs.putFile(blobKey(video.id, 'video'), output);
      // Deleted while rendering: drop what was just stored.
      if (!(await store.markCompleted(video.id, Date.now()))) await blobs.deletePrefix(`videos/${video.id}`);
    } catch (err) {
      if (signal.aborted) return;
      if (!isKinoError(err)) {
        process.stderr.write(
          `kino serve: video ${video.id} failed: ${(err as Error).stack ?? String(err)}\n`,
        );
      }
      const error = isKinoError(err)
        ? { code: err.code, message: err.message.replaceAll(deps.scratchDir, '<scratch>') }
        : { code: 'render_failed', message: 'the render failed unexpectedly; try again' };
      await store.markFailed(video.id, error, Date.now());
      await blobs.deletePrefix(`videos/${video.id}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  };
}
