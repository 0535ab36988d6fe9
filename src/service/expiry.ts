/**
 * Asset expiry: a completed video's MP4, thumbnail and spritesheet are kept until its `expires_at`, then
 * deleted. The record stays (as OpenAI's does), and downloads answer that the content expired.
 */
import type { Blobs } from './blobs.ts';
import type { Store } from './store.ts';

/** Kept for a week by default; `kino serve --asset-ttl` changes it. */
export const DEFAULT_ASSET_TTL_SECONDS = 7 * 24 * 3600;
const BATCH = 100;

/** Deletes the assets of every video expired at `nowMs`; returns their ids. */
export async function sweepExpired(store: Store, blobs: Blobs, nowMs: number): Promise<string[]> {
  const swept: string[] = [];
  for (;;) {
    const videos = await store.expiredVideos(Math.floor(nowMs / 1000), BATCH);
    for (const video of videos) {
      // Blobs first: a crash in between leaves the record to be swept again, never a record without blobs
      // that claims to have them.
      await blobs.deletePrefix(`videos/${video.id}`);
      await store.markAssetsDeleted(video.id, Math.floor(nowMs / 1000));
      swept.push(video.id);
    }
    if (videos.length < BATCH) return swept;
  }
}
