/**
 * `GET /v1/videos/{id}/credentials`: the caller's video's Content Credentials (C2PA), verified with the
 * service's development root as a trust anchor, so Kino's own videos read as `trusted`.
 * A finished video's bytes never change, so each video is verified once and the summary cached.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Hono } from 'hono';
import { KinoError } from '../errors.ts';
import { verifyVideo } from '../provenance/index.ts';
import type { AuthEnv } from './auth.ts';
import type { Blobs } from './blobs.ts';
import { credentialsOf, ingredientVideoIds, linkOwnVideos, type Credentials } from './credentials.ts';
import type { Store } from './store.ts';
import { blobKey, isVideoId } from './video-ids.ts';

export interface CredentialsDeps {
  readonly store: Store;
  readonly blobs: Blobs;
  /** The service's data dir: its development root is trusted. Without it, Kino's videos read as `valid`. */
  readonly dataDir?: string;
  /** Videos whose summaries are kept; the oldest is dropped first. */
  readonly cacheSize?: number;
}

const DEFAULT_CACHE_SIZE = 256;

export function credentialsRoutes({
  store,
  blobs,
  dataDir,
  cacheSize = DEFAULT_CACHE_SIZE,
}: CredentialsDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  // Promises, so that concurrent requests for one video verify it once.
  const cache = new Map<string, Promise<Credentials>>();

  async function verifyStored(videoId: string): Promise<Credentials> {
    const blob = await blobs.get(blobKey(videoId, 'video'));
    if (!blob) throw new KinoError('not_found', `video ${videoId} has no video content`, 'video_id');
    // c2pa-rs reads a file; the blob store may be remote, so copy it out first.
    const dir = await mkdtemp(join(tmpdir(), 'kino-credentials-'));
    try {
      const path = join(dir, 'video.mp4');
      await pipeline(Readable.fromWeb(blob.stream as WebReadableStream<Uint8Array>), createWriteStream(path));
      const result = await verifyVideo(path, dataDir ? { dataDir } : {});
      return credentialsOf(videoId, result);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  function cached(videoId: string): Promise<Credentials> {
    let entry = cache.get(videoId);
    if (!entry) {
      entry = verifyStored(videoId);
      cache.set(videoId, entry);
      // A failure (a blob store hiccup) is not an answer to keep.
      entry.catch(() => cache.delete(videoId));
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    }
    return entry;
  }

  app.get('/videos/:id/credentials', async (c) => {
    const accountId = c.get('account').id;
    const id = c.req.param('id');
    const video = isVideoId(id) ? await store.video(accountId, id) : undefined;
    if (!video) throw new KinoError('not_found', `no video with id ${JSON.stringify(id)}`, 'video_id');
    if (video.status !== 'completed') {
      throw new KinoError(
        'video_not_ready',
        `video ${video.id} is ${video.status}; its Content Credentials can be read once it is completed`,
        'video_id',
      );
    }
    if (video.assetsDeleted || (video.expiresAt !== null && video.expiresAt * 1000 <= Date.now())) {
      throw new KinoError(
        'not_found',
        `the content of video ${video.id} has expired and was deleted`,
        'video_id',
      );
    }
    const credentials = await cached(video.id);
    // Links are per request: an ingredient video may have been deleted since.
    const owned = new Set<string>();
    for (const ingredientId of ingredientVideoIds(credentials)) {
      if (await store.video(accountId, ingredientId)) owned.add(ingredientId);
    }
    return c.json(linkOwnVideos(credentials, owned));
  });

  return app;
}
