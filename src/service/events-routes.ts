/**
 * `GET /v1/videos/{id}/events`: a video's progress as Server-Sent Events. The store is the source of truth
 * (a worker process writes it), so the stream polls it and sends what changed: `status` on every status
 * change (and first, as a snapshot), `progress` when the percentage moves, then `completed` or `failed`
 * with the final video object (or `deleted`), and the stream ends. Each event's data is the video object.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { KinoError } from '../errors.ts';
import type { AuthEnv } from './auth.ts';
import type { Queue } from './queue.ts';
import type { Store } from './store.ts';
import { isVideoId } from './video-ids.ts';
import { toVideoObject } from './video-object.ts';

const POLL_MS = 200;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export function eventsRoutes({ store, queue }: { store: Store; queue: Queue }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/videos/:id/events', async (c) => {
    const accountId = c.get('account').id;
    const id = c.req.param('id');
    const first = isVideoId(id) ? await store.video(accountId, id) : undefined;
    if (!first) throw new KinoError('not_found', `no video with id ${JSON.stringify(id)}`, 'video_id');

    return streamSSE(c, async (stream) => {
      let seq = 0;
      const send = (event: string, data: string) => stream.writeSSE({ event, data, id: String(++seq) });
      let last: { status: string; progress: number } | undefined;
      let quietSince = Date.now();
      while (!stream.aborted && !stream.closed) {
        const video = await store.video(accountId, id);
        if (!video) {
          await send('deleted', JSON.stringify({ id, deleted: true }));
          return;
        }
        const position = video.status === 'queued' ? await queue.position(video.id, Date.now()) : undefined;
        const data = JSON.stringify(toVideoObject(video, position));
        if (video.status === 'completed' || video.status === 'failed') {
          await send(video.status, data);
          return;
        }
        if (!last || last.status !== video.status) {
          await send('status', data);
          quietSince = Date.now();
        } else if (last.progress !== video.progress) {
          await send('progress', data);
          quietSince = Date.now();
        } else if (Date.now() - quietSince > KEEPALIVE_MS) {
          await stream.write(': keep-alive\n\n');
          quietSince = Date.now();
        }
        last = { status: video.status, progress: video.progress };
        await stream.sleep(POLL_MS);
      }
    });
  });

  return app;
}
