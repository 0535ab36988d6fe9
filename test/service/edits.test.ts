/**
 * The editing endpoints (recut, loop, blend, storyboard, edits with an uploaded file, input_reference as a
 * data: URL) through the real queue and in-process workers, and every way a request can be refused.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPng, probeMedia } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import type { VideoRecord } from '../../src/service/store.ts';
import { newVideoId } from '../../src/service/video-ids.ts';
import { startTestService, type TestService } from './helpers.ts';
import { finished, tinyBackend } from './test-backends.ts';

const OUT = join(import.meta.dirname, '../../out/service-edits');

let service: TestService;
let pro: string;
let source: VideoRecord;
let other: VideoRecord;

interface Reply {
  status: number;
  body: {
    id: string;
    status: string;
    seconds: string;
    size: string;
    prompt: string;
    remixed_from_video_id: string | null;
    kino: { cost: number };
    error: { code: string; message: string; param: string | null };
  };
}

async function call(
  key: string,
  path: string,
  body: { json?: unknown; form?: FormData; method?: string } = {},
): Promise<Reply> {
  const res = await fetch(`${service.url}/v1${path}`, {
    method: body.method ?? 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      ...(body.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body.json !== undefined ? { body: JSON.stringify(body.json) } : body.form ? { body: body.form } : {}),
  });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

async function completed(reply: Reply): Promise<VideoRecord> {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  const video = await finished(service.store, reply.body.id);
  expect(video.error).toBeNull();
  expect(video.status).toBe('completed');
  return video;
}

async function download(key: string, id: string, name: string): Promise<string> {
  const res = await fetch(`${service.url}/v1/videos/${id}/content`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(200);
  const path = join(OUT, name);
  await writeFile(path, Buffer.from(await res.arrayBuffer()));
  return path;
}

/** What is left under the blob store's uploads/ (one folder per video with an upload). */
async function uploadsLeft(): Promise<string[]> {
  const dir = join(service.dataDir, 'blobs', 'uploads');
  return existsSync(dir) ? readdir(dir) : [];
}

const credits = async (key: string) =>
  (
    (await (await fetch(`${service.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      credits: number;
    }
  ).credits;

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  service = await startTestService({ backend: tinyBackend(), workers: 2 });
  pro = await service.account('editor', 'pro');
  const create = (key: string, prompt: string) =>
    call(key, '/videos', { json: { prompt, size: '480x480', seconds: '1' } });
  source = await completed(await create(pro, 'a lighthouse on a cliff at dusk'));
  other = await completed(await create(await service.account('stranger', 'pro'), 'a quiet forest'));
}, 120_000);

afterAll(async () => {
  await service?.dispose();
});

describe('Kino editing endpoints', () => {
  it('re-cuts, loops, blends and storyboards through the queue, charging by the output', async () => {
    const before = await credits(pro);
    const recut = await call(pro, `/videos/${source.id}/recut`, {
      json: { from: 0.25, to: 0.75, seconds: 1.5 },
    });
    const loop = await call(pro, `/videos/${source.id}/loop`, { json: { seconds: 2 } });
    const second = await completed(
      await call(pro, '/videos', {
        json: { prompt: 'heavy snow over a harbour at night', size: '480x480', seconds: '1' },
      }),
    );
    const blend = await call(pro, '/videos/blends', {
      json: { video_ids: [source.id, second.id], curve: 'mix' },
    });
    const board = await call(pro, '/storyboards', {
      json: {
        output: { size: '480x480' },
        durationSec: 2,
        cards: [
          { at: 0, prompt: 'a red kite over a beach' },
          { at: 1, prompt: 'the kite dives into the waves' },
        ],
      },
    });
    expect(recut.body).toMatchObject({ status: 'queued', seconds: '1.5', remixed_from_video_id: source.id });
    expect(loop.body).toMatchObject({ seconds: '2', size: '480x480', remixed_from_video_id: source.id });
    expect(blend.body).toMatchObject({ seconds: '1', size: '480x480', remixed_from_video_id: null });
    expect(board.body).toMatchObject({ seconds: '2', size: '480x480' });
    // 480p square: ⌈⌈seconds⌉ × 0.75⌉ credits, like a create of the output.
    expect([recut, loop, blend, board].map((r) => r.body.kino.cost)).toEqual([2, 2, 1, 2]);
    expect(await credits(pro)).toBe(before - 1 - 2 - 2 - 1 - 2);

    const durations: Record<string, number> = { recut: 1.5, loop: 2, blend: 1, board: 2 };
    for (const [name, reply] of Object.entries({ recut, loop, blend, board })) {
      await completed(reply);
      const path = await download(pro, reply.body.id, `${name}.mp4`);
      const info = await probeMedia(path);
      expect(info.video, name).toMatchObject({ width: 480, height: 480 });
      expect(info.durationSec, name).toBeCloseTo(durations[name]!, 1);
      const manifest = await verifyVideo(path, { dataDir: service.dataDir });
      expect(manifest.status, name).toBe('trusted');
      const relationships = manifest.activeManifest?.ingredients.map((i) => i.relationship) ?? [];
      if (name === 'blend') expect(relationships).toEqual(['componentOf', 'componentOf']);
      else if (name !== 'board') expect(relationships).toEqual(['parentOf']);
      await writeFile(join(OUT, `${name}.png`), await extractPng(path, durations[name]! / 2));
    }
  }, 240_000);

  it('edits an uploaded MP4 and animates a data: URL image, then drops the uploads', async () => {
    const mp4 = await readFile(await download(pro, source.id, 'source.mp4'));
    const form = new FormData();
    form.set('prompt', 'make it foggy');
    form.set('video', new File([mp4], 'lighthouse.mp4', { type: 'video/mp4' }));
    const edit = await call(pro, '/videos/edits', { form });
    expect(edit.body).toMatchObject({
      status: 'queued',
      size: '480x480',
      seconds: '1',
      remixed_from_video_id: null,
    });

    const canvas = createCanvas(480, 480);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#4a86e8';
    ctx.fillRect(0, 0, 480, 480);
    ctx.fillStyle = '#f1c232';
    ctx.beginPath();
    ctx.arc(240, 200, 80, 0, Math.PI * 2);
    ctx.fill();
    const dataUrl = `data:image/png;base64,${(await canvas.encode('png')).toString('base64')}`;
    const animate = await call(pro, '/videos', {
      json: {
        prompt: 'the sun rises',
        size: '480x480',
        seconds: '1',
        input_reference: { image_url: dataUrl },
      },
    });
    expect(animate.body).toMatchObject({ status: 'queued', size: '480x480' });

    for (const reply of [edit, animate]) {
      await completed(reply);
      expect(existsSync(join(service.dataDir, 'blobs', 'uploads', reply.body.id))).toBe(false);
    }
    const edited = await verifyVideo(await download(pro, edit.body.id, 'edit-upload.mp4'), {
      dataDir: service.dataDir,
    });
    expect(edited.status).toBe('trusted');
    expect(edited.activeManifest?.ingredients[0]).toMatchObject({
      relationship: 'parentOf',
      hasManifest: true,
    });
    const animated = await verifyVideo(await download(pro, animate.body.id, 'animate.mp4'), {
      dataDir: service.dataDir,
    });
    expect(animated.activeManifest?.ingredients.map((i) => i.relationship)).toEqual(['inputTo']);
  }, 120_000);

  it('watermarks edits on the free plan and keeps them signed, with the edit as parent', async () => {
    const free = await service.account('free-editor', 'free');
    const own = await completed(
      await call(free, '/videos', {
        json: { prompt: 'a paper boat on a pond', size: '480x480', seconds: '1' },
      }),
    );
    const extend = await call(free, '/videos/extensions', {
      json: { prompt: 'the boat drifts on', seconds: '1', video: { id: own.id } },
    });
    expect(extend.body).toMatchObject({ seconds: '2', remixed_from_video_id: own.id });
    await completed(extend);
    const path = await download(free, extend.body.id, 'free-extend.mp4');
    expect((await probeMedia(path)).durationSec).toBeCloseTo(2, 1);
    const manifest = await verifyVideo(path, { dataDir: service.dataDir });
    expect(manifest.status).toBe('trusted');
    const actions = manifest.activeManifest?.actions.map(
      (a) => a.description ?? a.parameters?.['description'],
    );
    expect(actions).toContain('Kino watermark (free plan)');
    expect(manifest.activeManifest?.ingredients[0]?.manifest?.ingredients[0]?.relationship).toBe('parentOf');
    await writeFile(join(OUT, 'free-extend.png'), await extractPng(path, 1.5));

    // Free allows 10 s: extending the 1 s video by 10 s is over the plan.
    const over = await call(free, '/videos/extensions', {
      json: { prompt: 'longer', seconds: '10', video: { id: own.id } },
    });
    expect(over.status).toBe(403);
    expect(over.body.error).toMatchObject({ code: 'plan_limit_exceeded', param: 'seconds' });
  }, 120_000);

  it('refuses bad sources, ids, uploads and parameters with clear errors, charging nothing', async () => {
    const before = await credits(pro);
    const expectError = (reply: Reply, status: number, code: string, param?: string) => {
      expect(reply.status, JSON.stringify(reply.body)).toBe(status);
      expect(reply.body.error.code).toBe(code);
      if (param !== undefined) expect(reply.body.error.param).toBe(param);
      expect(reply.body.error.message.length).toBeGreaterThan(10);
    };
    // another account's video, a missing one and path tricks all read as missing
    expectError(await call(pro, `/videos/${other.id}/remix`, { json: { prompt: 'rain' } }), 404, 'not_found');
    expectError(await call(pro, `/videos/${newVideoId()}/loop`, { json: {} }), 404, 'not_found');
    expectError(
      await call(pro, '/videos/..%2F..%2Fkino.db/recut', { json: { from: 0, to: 1 } }),
      404,
      'not_found',
    );
    const tricky = new FormData();
    tricky.set('prompt', 'rain');
    tricky.set('video[id]', '../../kino.db');
    expectError(await call(pro, '/videos/edits', { form: tricky }), 404, 'not_found', 'video[id]');
    expectError(
      await call(pro, '/videos/blends', { json: { video_ids: [source.id, other.id] } }),
      404,
      'not_found',
      'video_ids[1]',
    );

    // a source that has not completed
    const [waiting] = await service.store.createVideos([
      {
        id: newVideoId(),
        accountId: source.accountId,
        model: 'kino-procedural',
        prompt: 'still rendering',
        seconds: 1,
        width: 480,
        height: 480,
        seed: 1,
        cost: 0,
        watermark: false,
        lane: 'priority',
        style: null,
        createdAt: 0,
      },
    ]);
    expectError(
      await call(pro, `/videos/${waiting!.id}/remix`, { json: { prompt: 'rain' } }),
      409,
      'source_not_ready',
    );

    // uploads: corrupt, wrong type, an image where a video belongs, too large
    const upload = (bytes: Uint8Array, name: string, type: string) => {
      const form = new FormData();
      form.set('prompt', 'rain');
      form.set('video', new File([bytes], name, { type }));
      return call(pro, '/videos/edits', { form });
    };
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    expectError(await upload(junk, 'clip.mp4', 'video/mp4'), 400, 'invalid_media', 'video');
    expectError(await upload(junk, 'notes.txt', 'text/plain'), 415, 'unsupported_media', 'video');
    const png = await createCanvas(64, 64).encode('png');
    expectError(await upload(png, 'still.png', 'image/png'), 415, 'unsupported_media', 'video');
    expectError(
      await upload(new Uint8Array(51 * 1024 * 1024), 'big.mp4', 'video/mp4'),
      413,
      'payload_too_large',
    );
    expectError(
      await call(pro, '/videos', {
        json: { prompt: 'a harbour', input_reference: { image_url: 'https://example.com/a.png' } },
      }),
      400,
      'invalid_request',
      'input_reference.image_url',
    );

    // parameters
    expectError(
      await call(pro, `/videos/${source.id}/recut`, { json: { from: 0.8, to: 0.2 } }),
      400,
      'invalid_request',
      'to',
    );
    expectError(
      await call(pro, `/videos/${source.id}/loop`, { json: { seconds: 30 } }),
      400,
      'invalid_request',
      'seconds',
    );
    expectError(
      await call(pro, '/videos/blends', { json: { video_ids: [source.id, source.id], curve: 'wobbly' } }),
      400,
      'invalid_request',
      'curve',
    );
    expectError(
      await call(pro, '/storyboards', { json: { cards: [{ at: 0, image: '/etc/passwd' }] } }),
      400,
      'invalid_request',
      'cards[0]',
    );
    expectError(
      await call(pro, `/videos/${source.id}/remix`, { json: { prompt: 'rain', colour: 'red' } }),
      400,
      'invalid_request',
      'colour',
    );
    expectError(
      await call(pro, `/videos/${source.id}/remix`, { json: { prompt: 'a beheading' } }),
      400,
      'moderation_blocked',
      'prompt',
    );

    // a refused upload leaves nothing behind, and nothing was charged
    expect(await uploadsLeft()).toEqual([]);
    expect(await credits(pro)).toBe(before);
  }, 120_000);

  it('refuses an edit the account cannot pay for, and drops its upload', async () => {
    const poor = await service.account('poor', 'pro', 0);
    const mp4 = await readFile(await download(pro, source.id, 'poor-source.mp4'));
    const form = new FormData();
    form.set('prompt', 'rain');
    form.set('video', new File([mp4], 'clip.mp4', { type: 'video/mp4' }));
    const reply = await call(poor, '/videos/edits', { form });
    expect(reply.status).toBe(402);
    expect(reply.body.error.code).toBe('insufficient_credits');
    expect(await uploadsLeft()).toEqual([]);
  }, 60_000);
});
