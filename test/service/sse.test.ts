/** `GET /v1/videos/{id}/events`: progress and status as Server-Sent Events, ending on completed or failed. */
import { afterEach, describe, expect, it } from 'vitest';
import type { VideoBackend } from '../../src/backends/index.ts';
import { KinoError } from '../../src/errors.ts';
import { startTestService, type TestService } from './helpers.ts';
import { tinyBackend } from './test-backends.ts';

const services: TestService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

interface SseEvent {
  event: string;
  id: string;
  data: { id: string; status: string; progress: number };
}

/** Reads the whole stream (it must end by itself) and parses its events. */
async function readEvents(res: Response): Promise<SseEvent[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .filter((l) => l.startsWith(`${name}:`))
          .map((l) => l.slice(name.length + 1).trimStart())
          .join('\n');
      return { event: field('event'), id: field('id'), data: JSON.parse(field('data')) as SseEvent['data'] };
    });
}

async function setup(backend: VideoBackend) {
  const service = await startTestService({ backend, workers: 1 });
  services.push(service);
  const key = await service.account('watcher', 'pro', 20);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${service.url}/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    });
  const create = async () =>
    (
      (await (
        await api('/videos', {
          method: 'POST',
          body: JSON.stringify({ prompt: 'a kite over a meadow', size: '480x480', seconds: '2' }),
        })
      ).json()) as { id: string }
    ).id;
  return { service, api, create };
}

describe('video events (SSE)', () => {
  it('streams the status, rising progress, then completed, and ends the stream', async () => {
    const { api, create } = await setup(tinyBackend({ renderMs: 1500 }));
    const id = await create();
    const res = await api(`/videos/${id}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(res);

    expect(events[0]!.event).toBe('status');
    expect(events.at(-1)!.event).toBe('completed');
    expect(events.at(-1)!.data).toMatchObject({ id, status: 'completed', progress: 100 });
    expect(events.map((e) => e.event)).toContain('progress');
    const statuses = events.filter((e) => e.event === 'status').map((e) => e.data.status);
    expect(statuses).toContain('in_progress');
    const progress = events.map((e) => e.data.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b)); // never goes backwards
    expect(new Set(progress).size).toBeGreaterThan(3);
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1));

    // A finished video's stream is one event.
    const again = await readEvents(await api(`/videos/${id}/events`));
    expect(again.map((e) => e.event)).toEqual(['completed']);
  });

  it('ends with failed and the error when the render fails', async () => {
    const failing: VideoBackend = {
      id: 'failing',
      async generate() {
        await new Promise((r) => setTimeout(r, 300));
        throw new KinoError('render_failed', 'the test backend always fails');
      },
    };
    const { api, create } = await setup(failing);
    const id = await create();
    const events = await readEvents(await api(`/videos/${id}/events`));
    expect(events.at(-1)).toMatchObject({
      event: 'failed',
      data: {
        id,
        status: 'failed',
        error: { code: 'render_failed', message: 'the test backend always fails' },
      },
    });
  });

  it('is 404 for an unknown id and for another account’s video', async () => {
    const { service, api, create } = await setup(tinyBackend());
    const id = await create();
    expect((await api('/videos/video_00000000000000000000000000000000/events')).status).toBe(404);
    const other = await service.account('stranger', 'pro', 1);
    const res = await fetch(`${service.url}/v1/videos/${id}/events`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
