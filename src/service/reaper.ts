/**
 * Takes jobs back from workers that went silent (killed, hung, machine lost). A job whose lease expired is
 * queued again for another worker; one that has lost `MAX_ATTEMPTS` workers fails, refunding its credits,
 * so that a render that kills its worker every time cannot take the workers down forever.
 */
import type { Blobs } from './blobs.ts';
import type { Queue } from './queue.ts';
import type { Store, VideoRecord } from './store.ts';
import { chunkPrefix } from './video-ids.ts';

export const MAX_ATTEMPTS = 3;

export async function reclaimLostJobs(deps: {
  queue: Queue;
  store: Store;
  blobs: Blobs;
  nowMs: number;
  onFailed?: (video: VideoRecord) => Promise<void>;
}): Promise<{ requeued: readonly string[]; failed: readonly string[] }> {
  const { requeued, abandoned } = await deps.queue.reclaimExpired(deps.nowMs, MAX_ATTEMPTS);
  for (const id of abandoned) {
    const failed = await deps.store.markFailed(
      id,
      {
        code: 'render_failed',
        message: `the render lost its worker ${MAX_ATTEMPTS} times (killed or unresponsive) and was given up; try again`,
      },
      deps.nowMs,
    );
    await deps.blobs.deletePrefix(`videos/${id}`);
    await deps.blobs.deletePrefix(chunkPrefix(id));
    const video = failed ? await deps.store.videoById(id) : undefined;
    if (video) await deps.onFailed?.(video);
  }
  return { requeued, failed: abandoned };
}
