/**
 * Kino's extensions to the Videos API: variations (`n`), style presets, plan preview, queue position and
 * estimated start, and the cheaper tier's watermark burned into downloads that stay C2PA-signed.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { frameHashes, readFrames } from '../../src/media/index.ts';
import { parsePlanJson } from '../../src/plan/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { startTestService, type TestService } from './helpers.ts';
import { finished, hangingBackend, tinyBackend, until } from './test-backends.ts';

/** The fields these tests read from the API's answers. */
interface ApiBody {
  id: string;
  object: string;
  status: string;
  data: { id: string; status: string; kino: { seed: number; cost: number } }[];
  kino: {
    lane: string;
    style: string | null;
    watermark: boolean;
    queue_position: number | null;
    estimated_start_at: number | null;
  };
  error: { code: string; param: string; message: string };
  plan: unknown;
  explanation: string;
  cost: number;
}

const services: TestService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

async function start(options: Parameters<typeof startTestService>[0]) {
  const service = await startTestService(options);
  services.push(service);
  const call = (key: string, method: string, path: string, body?: unknown) =>
    fetch(`${service.url}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as ApiBody }));
  return { service, call };
}

async function download(service: TestService, key: string, id: string, name: string): Promise<string> {
  const res = await fetch(`${service.url}/v1/videos/${id}/content`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(200);
  const path = join(service.dataDir, name);
  await writeFile(path, Buffer.from(await res.arrayBuffer()));
  return path;
}

describe('variations', () => {
  it('n = 3 makes three videos with their own ids and consecutive seeds, for three times the credits', async () => {
    const { service, call } = await start({ backend: tinyBackend(), workers: 3 });
    const key = await service.account('varied', 'pro', 20);
    const res = await call(key, 'POST', '/videos', {
      prompt: 'a paper boat on a pond',
      size: '480x480',
      seconds: '2',
      n: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('list');
    const videos = res.body.data as { id: string; status: string; kino: { seed: number; cost: number } }[];
    expect(videos).toHaveLength(3);
    expect(new Set(videos.map((v) => v.id)).size).toBe(3);
    const seeds = videos.map((v) => v.kino.seed);
    expect(seeds.slice(1)).toEqual([(seeds[0]! + 1) % 2 ** 32, (seeds[0]! + 2) % 2 ** 32]);
    expect(videos.map((v) => v.kino.cost)).toEqual([2, 2, 2]);
    expect((await service.store.accountByName('varied'))!.credits).toBe(20 - 6);

    const done = await Promise.all(videos.map((v) => finished(service.store, v.id)));
    expect(done.map((v) => v.status)).toEqual(['completed', 'completed', 'completed']);
    const hashes = await Promise.all(
      videos.map(async (v, i) => (await frameHashes(await download(service, key, v.id, `v${i}.mp4`)))[0]),
    );
    expect(new Set(hashes).size).toBe(3); // each its own render

    // n = 1 (the default) keeps OpenAI's single-object answer.
    const single = await call(key, 'POST', '/videos', {
      prompt: 'a paper boat',
      size: '480x480',
      seconds: '1',
    });
    expect(single.body).toMatchObject({ object: 'video', kino: { lane: 'priority', style: null } });
  });

  it('a style preset is stored, echoed and rendered; unknown ones are refused with the list', async () => {
    const { service, call } = await start({ backend: tinyBackend(), workers: 1 });
    const key = await service.account('stylish', 'pro', 20);
    const res = await call(key, 'POST', '/videos', {
      prompt: 'a street at night',
      size: '480x480',
      seconds: '1',
      style: 'film-noir',
    });
    expect(res.body.kino.style).toBe('film-noir');
    const bad = await call(key, 'POST', '/videos', { prompt: 'a street', size: '480x480', style: 'sepia' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', param: 'style' });
    expect(bad.body.error.message).toMatch(/film-noir/);
    const video = await finished(service.store, res.body.id as string);
    expect(video.style).toBe('film-noir');
    const path = await download(service, key, video.id, 'noir.mp4');
    const verified = await verifyVideo(path, { dataDir: service.dataDir });
    expect((verified.activeManifest?.plan as { style: { preset: string } }).style.preset).toBe('film-noir');
  });
});

describe('plan preview', () => {
  it('POST /v1/plans answers the plan, its explanation and its cost, without rendering or charging', async () => {
    const { service, call } = await start({ backend: hangingBackend(), workers: 1 });
    const key = await service.account('planner', 'pro', 5);
    const res = await call(key, 'POST', '/plans', {
      prompt: 'a dog runs across a meadow, then a bird flies over a lake',
      size: '1280x720',
      seconds: '6',
      style: 'papercraft',
      seed: 42,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'video_plan', cost: 12 });
    const plan = parsePlanJson(JSON.stringify(res.body.plan));
    expect(plan).toMatchObject({
      seed: 42,
      output: { width: 1280, height: 720, durationSec: 6 },
      style: { preset: 'papercraft' },
    });
    expect(res.body.explanation).toMatch(/dog/i);
    // Same request, same plan: the preview is what a render with that seed would use.
    expect(
      (
        await call(key, 'POST', '/plans', {
          prompt: 'a dog runs across a meadow, then a bird flies over a lake',
          size: '1280x720',
          seconds: '6',
          style: 'papercraft',
          seed: 42,
        })
      ).body.plan,
    ).toEqual(res.body.plan);
    expect((await service.store.accountByName('planner'))!.credits).toBe(5);
    expect((await call(key, 'GET', '/videos')).body.data).toEqual([]);
    expect((await call(key, 'POST', '/plans', { prompt: 'x', seed: -1 })).body.error).toMatchObject({
      param: 'seed',
    });
  });
});

describe('queue position', () => {
  it('a queued video shows its place and an estimated start; a running one shows neither', async () => {
    const { service, call } = await start({ backend: hangingBackend(), workers: 1 });
    const keys = await Promise.all(['q1', 'q2', 'q3'].map((n) => service.account(n, 'pro', 10)));
    const ids: string[] = [];
    for (const key of keys) {
      ids.push(
        (await call(key, 'POST', '/videos', { prompt: 'a slow river', size: '480x480', seconds: '1' })).body
          .id as string,
      );
    }
    await until(async () => (await service.store.videoById(ids[0]!))?.status === 'in_progress');
    const before = Math.floor(Date.now() / 1000);
    const [first, second, third] = await Promise.all(
      keys.map((key, i) => call(key, 'GET', `/videos/${ids[i]}`)),
    );
    expect(first!.body.status).toBe('in_progress');
    expect(first!.body.kino).toMatchObject({ queue_position: null, estimated_start_at: null });
    expect(second!.body.kino.queue_position).toBe(0);
    expect(third!.body.kino.queue_position).toBe(1);
    expect(second!.body.kino.estimated_start_at).toBeGreaterThanOrEqual(before);
    expect(third!.body.kino.estimated_start_at).toBeGreaterThan(
      second!.body.kino.estimated_start_at as number,
    );
    const stats = service.queue.stats();
    expect(stats).toMatchObject({ waiting: 2, running: 1, workers: 1, saturation: 1 });
  });
});

describe('watermark', () => {
  /** Mean brightness of an RGBA frame's region. */
  const mean = (rgba: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number) => {
    let sum = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += rgba[(y * width + x) * 4]!;
    return sum / ((x1 - x0) * (y1 - y0));
  };

  it('burns a visible mark into free-plan downloads, which stay C2PA-signed; pro downloads are clean', async () => {
    const { service, call } = await start({ backend: tinyBackend(), workers: 2 });
    const free = await service.account('free-user', 'free', 10);
    const pro = await service.account('pro-user', 'pro', 10);
    const body = { prompt: 'a grey wall', size: '480x480', seconds: '1' };
    const [a, b] = await Promise.all([
      call(free, 'POST', '/videos', body),
      call(pro, 'POST', '/videos', body),
    ]);
    expect(a.body.kino.watermark).toBe(true);
    expect(b.body.kino.watermark).toBe(false);
    await Promise.all([
      finished(service.store, a.body.id as string),
      finished(service.store, b.body.id as string),
    ]);
    const marked = await download(service, free, a.body.id as string, 'free.mp4');
    const clean = await download(service, pro, b.body.id as string, 'pro.mp4');

    const [frame] = await readFrames(marked, { width: 480, height: 480, select: [12] });
    const [plain] = await readFrames(clean, { width: 480, height: 480, select: [12] });
    // The badge sits in the lower right: there the frame departs from its flat background (lighter
    // lettering, a darker pill); everywhere else it is the background.
    const changed = (f: Uint8Array, x0: number, y0: number, x1: number, y1: number) => {
      const background = mean(f, 480, 0, 0, 200, 200);
      let n = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) if (Math.abs(f[(y * 480 + x) * 4]! - background) > 25) n++;
      return n;
    };
    expect(changed(frame!, 300, 400, 480, 480)).toBeGreaterThan(150);
    expect(changed(frame!, 0, 0, 480, 380)).toBe(0);
    expect(changed(plain!, 0, 0, 480, 480)).toBe(0);

    const verified = await verifyVideo(marked, { dataDir: service.dataDir });
    expect(['valid', 'trusted']).toContain(verified.status);
    expect(verified.activeManifest?.plan).toBeTruthy();
  });
});
