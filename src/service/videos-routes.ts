/** `/v1/videos`: OpenAI's Videos API (create, retrieve, list, delete, content) for the calling account. */
import { Hono } from 'hono';
import { KinoError } from '../errors.ts';
import type { AuthEnv } from './auth.ts';
import type { Blobs } from './blobs.ts';
import { parseCreateVideo, readCreateBody } from './create-video-request.ts';
import { takeInputReference } from './input-reference.ts';
import { checkPrompt } from './moderation.ts';
import { planLimits, assertWithinPlan, creditCost } from './plans.ts';
import type { Queue } from './queue.ts';
import type { NewVideo, Store, VideoRecord } from './store.ts';
import { toVideoObject } from './video-object.ts';
import { storeUpload } from './uploads.ts';
import type { WebhookStore } from './webhooks.ts';
import {
  CONTENT_VARIANTS,
  blobKey,
  chunkPrefix,
  contentType,
  isVideoId,
  newVideoId,
  type ContentVariant,
} from './video-ids.ts';

export interface VideosDeps {
  readonly store: Store;
  readonly blobs: Blobs;
  readonly queue: Queue;
  readonly webhooks: WebhookStore;
}

/** Suggested polling interval for clients, sent as OpenAI does while a video is unfinished. */
const POLL_AFTER_MS = 1000;
const MAX_LIST_LIMIT = 100;

function parseListQuery(query: Record<string, string>) {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new KinoError(
      'invalid_request',
      `limit must be an integer from 1 to ${MAX_LIST_LIMIT}; got ${JSON.stringify(query.limit)}`,
      'limit',
    );
  }
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw new KinoError(
      'invalid_request',
      `order must be asc or desc; got ${JSON.stringify(order)}`,
      'order',
    );
  }
  const after = query.after || undefined;
  if (after !== undefined && !isVideoId(after)) {
    throw new KinoError('invalid_request', `after must be a video id; got ${JSON.stringify(after)}`, 'after');
  }
  return { limit, order, ...(after ? { after } : {}) } as const;
}

export function videosRoutes({ store, blobs, queue }: VideosDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  /** The caller's video, or 404 for a malformed id, someone else's id or a missing one alike. */
  async function ownVideo(accountId: string, id: string): Promise<VideoRecord> {
    const video = isVideoId(id) ? await store.video(accountId, id) : undefined;
    if (!video) throw new KinoError('not_found', `no video with id ${JSON.stringify(id)}`, 'video_id');
    return video;
  }

  /** The caller's video as an object, with its place in the queue while it waits. */
  async function videoObject(video: VideoRecord) {
    const position = video.status === 'queued' ? await queue.position(video.id, Date.now()) : undefined;
    return toVideoObject(video, position);
  }

  app.post('/videos', async (c) => {
    const account = c.get('account');
    const { fields, reference } = await takeInputReference(await readCreateBody(c.req));
    const request = parseCreateVideo(fields);
    checkPrompt(c, request.prompt);
    if (reference && request.n > 1) {
      throw new KinoError('invalid_request', 'n must be 1 when an input_reference is given', 'n');
    }
    const plan = planLimits(account.plan);
    assertWithinPlan(plan, { ...request, size: `${request.width}x${request.height}` });
    // Variations take consecutive seeds, as `kino generate --variations` does.
    const seed = Math.floor(Math.random() * 2 ** 32);
    const cost = creditCost({ ...request, n: 1 });
    const createdAt = Math.floor(Date.now() / 1000);
    const batch = Array.from({ length: request.n }, (_, i): NewVideo => ({
      id: newVideoId(),
      accountId: account.id,
      model: request.model,
      prompt: request.prompt,
      seconds: request.seconds,
      width: request.width,
      height: request.height,
      seed: (seed + i) % 2 ** 32,
      cost,
      watermark: plan.watermark,
      lane: request.lane,
      style: request.style ?? null,
      createdAt,
    }));
    // An image reference is animated (src/edit animate) instead of generated from the prompt alone.
    if (reference) {
      const { input } = await storeUpload(blobs, reference, {
        videoId: batch[0]!.id,
        index: 0,
        kind: 'image',
        param: 'input_reference',
      });
      batch[0] = { ...batch[0]!, edit: { kind: 'animate', image: input } };
    }
    const videos = await store.createVideos(batch).catch(async (err: unknown) => {
      if (reference) await blobs.deletePrefix(`uploads/${batch[0]!.id}`);
      throw err;
    });
    for (const video of videos) {
      await queue.enqueue(
        { videoId: video.id, accountId: account.id, concurrency: plan.concurrency, lane: video.lane },
        Date.now(),
      );
    }
    c.header('openai-poll-after-ms', String(POLL_AFTER_MS));
    const objects = await Promise.all(videos.map(videoObject));
    // One video is OpenAI's answer; several (Kino's `n`) come as a list.
    if (objects.length === 1) return c.json(objects[0]);
    return c.json({
      object: 'list',
      data: objects,
      has_more: false,
      first_id: objects[0]!.id,
      last_id: objects.at(-1)!.id,
    });
  });

  app.get('/videos', async (c) => {
    const options = parseListQuery(c.req.query());
    const { videos, hasMore } = await store.listVideos(c.get('account').id, options);
    const data = videos.map((v) => toVideoObject(v));
    return c.json({
      object: 'list',
      data,
      has_more: hasMore,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    });
  });

  app.get('/videos/:id', async (c) => {
    const video = await ownVideo(c.get('account').id, c.req.param('id'));
    if (video.status === 'queued' || video.status === 'in_progress') {
      c.header('openai-poll-after-ms', String(POLL_AFTER_MS));
    }
    return c.json(await videoObject(video));
  });

  app.delete('/videos/:id', async (c) => {
    const video = await ownVideo(c.get('account').id, c.req.param('id'));
    if (!(await store.deleteVideo(video.accountId, video.id))) {
      throw new KinoError('not_found', `no video with id ${JSON.stringify(video.id)}`, 'video_id');
    }
    await queue.cancel(video.id);
    await blobs.deletePrefix(`videos/${video.id}`);
    await blobs.deletePrefix(`uploads/${video.id}`);
    // A coordinator that is still running cleans its chunks up too; this covers a video with none.
    await blobs.deletePrefix(chunkPrefix(video.id));
    return c.json({ id: video.id, object: 'video.deleted', deleted: true });
  });

  app.get('/videos/:id/content', async (c) => {
    const video = await ownVideo(c.get('account').id, c.req.param('id'));
    const variant = c.req.query('variant') ?? 'video';
    if (!(CONTENT_VARIANTS as readonly string[]).includes(variant)) {
      throw new KinoError(
        'invalid_request',
        `unknown variant ${JSON.stringify(variant)}; variants are ${CONTENT_VARIANTS.join(', ')}`,
        'variant',
      );
    }
    if (video.status !== 'completed') {
      throw new KinoError(
        'video_not_ready',
        `video ${video.id} is ${video.status}; its content can be downloaded once it is completed`,
        'video_id',
      );
    }
    if (video.assetsDeleted || (video.expiresAt !== null && video.expiresAt * 1000 <= Date.now())) {
      throw new KinoError(
        'not_found',
        `the content of video ${video.id} expired at ${new Date((video.expiresAt ?? 0) * 1000).toISOString()} ` +
          'and was deleted; create the video again',
        'video_id',
      );
    }
    const blob = await blobs.get(blobKey(video.id, variant as ContentVariant));
    if (!blob) throw new KinoError('not_found', `video ${video.id} has no ${variant} content`, 'variant');
    return c.body(blob.stream, 200, {
      'content-type': contentType(variant as ContentVariant),
      'content-length': String(blob.size),
    });
  });

  return app;
}
