/**
 * `kino serve` serving the studio: hashed assets cached for a year, index.html revalidated, the app's own
 * routes falling back to index.html, API paths left to the API (JSON errors), a helpful page when the
 * studio is not built, and the public `GET /v1/status` the studio's banners read.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/service/app.ts';
import { fileBlobs } from '../../src/service/file-blobs.ts';
import type { QueueStats } from '../../src/service/queue.ts';
import { openSqliteQueue } from '../../src/service/sqlite-queue.ts';
import { openSqliteStore } from '../../src/service/sqlite-store.ts';
import { openSqliteWebhooks } from '../../src/service/webhooks.ts';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/index-abc123.js"></script></body></html>';

let dir: string;
let dist: string;
let deps: Parameters<typeof createApp>[0];
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-studio-routes-'));
  dist = join(dir, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log("studio")');
  await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dir, 'secret.txt'), 'outside the build');
  const path = join(dir, 'kino.db');
  deps = {
    store: openSqliteStore(path),
    queue: openSqliteQueue(path, { workers: 2 }),
    blobs: fileBlobs(join(dir, 'blobs')),
    webhooks: openSqliteWebhooks(path),
  };
  process.env.KINO_STUDIO_DIR = dist;
  app = createApp(deps);
});

afterAll(async () => {
  delete process.env.KINO_STUDIO_DIR;
  await deps.webhooks.close();
  await deps.queue.close();
  await deps.store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('studio routes', () => {
  it('serves index.html at / and for the app routes, revalidated every time', async () => {
    for (const path of ['/', '/library', '/videos/video_123', '/compose?x=1']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('caches hashed assets for a year and other files for an hour', async () => {
    const js = await app.request('/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("studio")');
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('answers a missing asset with a 404, never the app', async () => {
    const res = await app.request('/assets/index-old999.js');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('never serves a file outside the build', async () => {
    for (const path of ['/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%2fsecret.txt']) {
      const res = await app.request(path);
      expect(await res.text(), path).not.toContain('outside the build');
    }
  });

  it('leaves API paths to the API: JSON errors, not the app', async () => {
    const v1 = await app.request('/v1/no-such-route');
    expect(v1.status).toBe(401);
    expect(v1.headers.get('content-type')).toContain('application/json');
    const admin = await app.request('/admin/signups');
    expect(admin.status).toBe(404);
    expect(admin.headers.get('content-type')).toContain('application/json');
    const health = await app.request('/healthz');
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('says how to build the studio when it is missing', async () => {
    process.env.KINO_STUDIO_DIR = join(dir, 'not-built');
    try {
      const res = await createApp(deps).request('/library');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('npm run build -w studio');
    } finally {
      process.env.KINO_STUDIO_DIR = dist;
    }
  });

  it('GET /v1/status: public, with sign-ups, queue, plan limits and the prompt limit', async () => {
    const res = await app.request('/v1/status');
    expect(res.status).toBe(200);
    const status = (await res.json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      object: 'service_status',
      signups: { open: true, reason: null },
      queue: { busy: false, waiting: 0, running: 0, workers: 2 },
      plans: { free: { max_resolution: '720p', max_seconds: 10, max_variations: 2, watermark: true } },
      max_prompt_chars: 4000,
    });
    expect(status.styles).toContain('film-noir');

    await deps.store.setSetting('signups_paused', 'true', Date.now());
    const paused = (await (await app.request('/v1/status')).json()) as { signups: Record<string, unknown> };
    expect(paused.signups).toMatchObject({ open: false, reason: 'admin' });
    expect(paused.signups.message).toMatch(/paused by the operator/);
    await deps.store.setSetting('signups_paused', undefined, Date.now());
  });

  it('GET /v1/status: a saturated queue is busy, and pauses sign-ups for load', async () => {
    const saturated: QueueStats = {
      waiting: 9,
      running: 2,
      lanes: { priority: { waiting: 9, running: 2 }, relaxed: { waiting: 0, running: 0 } },
      oldestWaitMs: 30_000,
      workers: 2,
      saturation: 1,
    };
    const queue = new Proxy(deps.queue, {
      get: (target, key) => (key === 'stats' ? () => saturated : Reflect.get(target, key, target)),
    });
    const busyApp = createApp({ ...deps, queue });
    const status = (await (await busyApp.request('/v1/status')).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      signups: { open: false, reason: 'load' },
      queue: { busy: true, waiting: 9, running: 2, workers: 2 },
    });
  });
});
