/** The official `openai` SDK, pointed at Kino with `baseURL`, works unchanged. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { toFile } from 'openai';
import type OpenAI from 'openai';
import { probeMedia } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { small, startTestService, waitForVideo, type TestService } from './helpers.ts';

let service: TestService;
let client: OpenAI;
let outDir: string;

beforeAll(async () => {
  service = await startTestService();
  client = service.client(await service.account('sdk-user'));
  outDir = await mkdtemp(join(tmpdir(), 'kino-sdk-out-'));
});

afterAll(async () => {
  await service?.dispose();
  await rm(outDir, { recursive: true, force: true });
});

describe('openai SDK against kino serve', () => {
  it('creates, retrieves, downloads (video, thumbnail, spritesheet) and deletes a video', async () => {
    const created = await client.videos.create(small('a red ball bounces on a wooden floor'));
    expect(created).toMatchObject({
      object: 'video',
      model: 'kino-procedural',
      status: 'queued',
      progress: 0,
      seconds: '1',
      size: '480x480',
      prompt: 'a red ball bounces on a wooden floor',
      remixed_from_video_id: null,
      error: null,
      completed_at: null,
    });
    expect(created.id).toMatch(/^video_[0-9a-f]{32}$/);
    expect(typeof created.created_at).toBe('number');

    const done = await waitForVideo(client, created.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(100);
    expect(done.completed_at).toBeGreaterThanOrEqual(done.created_at);

    const response = await client.videos.downloadContent(created.id);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const mp4 = join(outDir, 'ball.mp4');
    await writeFile(mp4, Buffer.from(await response.arrayBuffer()));
    const info = await probeMedia(mp4);
    expect(info.video).toMatchObject({ codec: 'h264', width: 480, height: 480 });
    expect(info.audio?.codec).toBe('aac');
    expect(info.durationSec).toBeCloseTo(1, 0);
    const provenance = await verifyVideo(mp4, { dataDir: service.dataDir });
    expect(provenance.status).toBe('trusted');
    expect(provenance.activeManifest?.prompt).toBe('a red ball bounces on a wooden floor');
    expect(provenance.activeManifest?.model).toBe('kino-procedural');

    const thumbnail = await client.videos.downloadContent(created.id, { variant: 'thumbnail' });
    expect(thumbnail.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await thumbnail.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(480); // IHDR width

    const sheet = await client.videos.downloadContent(created.id, { variant: 'spritesheet' });
    expect(sheet.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await sheet.arrayBuffer());
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);

    const deleted = await client.videos.delete(created.id);
    expect(deleted).toEqual({ id: created.id, object: 'video.deleted', deleted: true });
    await expect(client.videos.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
    await expect(client.videos.downloadContent(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('lists with cursor pagination, newest first by default, and auto-pages with after=last_id', async () => {
    const other = service.client(await service.account('lister', 'pro'));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await other.videos.create(small(`a cat sleeps, take ${i}`))).id);

    const first = await other.videos.list({ limit: 2 });
    expect(first.data.map((v) => v.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);
    const raw = (await other.videos
      .list({ limit: 2 })
      .asResponse()
      .then((r) => r.json())) as Record<string, unknown>;
    expect(raw).toMatchObject({ object: 'list', has_more: true, first_id: ids[4], last_id: ids[3] });

    const all: string[] = [];
    for await (const video of other.videos.list({ limit: 2 })) all.push(video.id);
    expect(all).toEqual([...ids].reverse());

    const asc = await other.videos.list({ order: 'asc', limit: 3, after: ids[0]! });
    expect(asc.data.map((v) => v.id)).toEqual(ids.slice(1, 4));

    const end = await other.videos.list({ order: 'asc', after: ids[4]! });
    expect(end.data).toEqual([]);
    expect(end.has_more).toBe(false);
    const endRaw = (await other.videos
      .list({ order: 'asc', after: ids[4]! })
      .asResponse()
      .then((r) => r.json())) as {
      first_id: unknown;
      last_id: unknown;
    };
    expect(endRaw).toMatchObject({ first_id: null, last_id: null });

    for (const id of ids) await other.videos.delete(id);
  });

  it('remixes, edits and extends a video and animates an input_reference, all through the SDK', async () => {
    const key = await service.account('sdk-editor');
    const editor = service.client(key);
    const source = await waitForVideo(
      editor,
      (await editor.videos.create(small('a red ball on a wooden floor'))).id,
    );
    expect(source.status).toBe('completed');
    const download = async (id: string, name: string) => {
      const path = join(outDir, name);
      await writeFile(path, Buffer.from(await (await editor.videos.downloadContent(id)).arrayBuffer()));
      return path;
    };

    // remix: JSON {prompt} on a completed video
    const remix = await editor.videos.remix(source.id, { prompt: 'make it night with rain' });
    expect(remix).toMatchObject({ status: 'queued', remixed_from_video_id: source.id, size: '480x480' });
    expect(remix.prompt).toBe('make it night with rain');
    // edits: multipart with video[id]
    const edited = await editor.videos.edit({ prompt: 'golden hour', video: { id: source.id } });
    expect(edited.remixed_from_video_id).toBe(source.id);
    // extensions: multipart, seconds added; the result's seconds is the stitched total
    const extended = await editor.videos.extend({
      prompt: 'the ball keeps rolling',
      seconds: '1' as OpenAI.Videos.VideoSeconds,
      video: { id: source.id },
    });
    expect(extended).toMatchObject({ seconds: '2', remixed_from_video_id: source.id });
    // create with input_reference: an uploaded PNG is animated
    const canvas = createCanvas(480, 480);
    const ctx = canvas.getContext('2d');
    const sky = ctx.createLinearGradient(0, 0, 0, 480);
    sky.addColorStop(0, '#f6b26b');
    sky.addColorStop(1, '#1c4587');
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, 480, 480);
    ctx.fillStyle = '#20262e';
    ctx.fillRect(0, 330, 480, 150);
    const png = await canvas.encode('png');
    const animated = await editor.videos.create({
      ...small('slow push in on the harbour'),
      input_reference: await toFile(png, 'harbour.png', { type: 'image/png' }),
    });
    expect(animated).toMatchObject({ status: 'queued', size: '480x480', seconds: '1' });

    for (const video of [remix, edited, extended, animated]) {
      const done = await waitForVideo(editor, video.id, 180_000);
      expect(done.error).toBeNull();
      expect(done.status).toBe('completed');
    }
    const remixPath = await download(remix.id, 'remix.mp4');
    const remixed = await verifyVideo(remixPath, { dataDir: service.dataDir });
    expect(remixed.status).toBe('trusted');
    expect(remixed.activeManifest?.ingredients.map((i) => i.relationship)).toEqual(['parentOf']);
    expect(remixed.activeManifest?.ingredients[0]?.manifest?.prompt).toBe('a red ball on a wooden floor');

    const extendedInfo = await probeMedia(await download(extended.id, 'extended.mp4'));
    expect(extendedInfo.durationSec).toBeCloseTo(2, 1);
    expect(extendedInfo.video).toMatchObject({ width: 480, height: 480 });

    const animatedPath = await download(animated.id, 'animated.mp4');
    expect((await probeMedia(animatedPath)).video).toMatchObject({ width: 480, height: 480 });
    const animatedManifest = await verifyVideo(animatedPath, { dataDir: service.dataDir });
    expect(animatedManifest.status).toBe('trusted');
    expect(animatedManifest.activeManifest?.ingredients.map((i) => i.relationship)).toEqual(['inputTo']);
  });

  it('accepts JSON bodies and OpenAI model names too', async () => {
    const key = await service.account('json-user');
    const res = await fetch(`${service.url}/v1/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a boat at sea', model: 'sora-2', seconds: 1, size: '480x480' }),
    });
    expect(res.status).toBe(200);
    const video = (await res.json()) as { model: string; seconds: string; size: string; id: string };
    expect(video).toMatchObject({ model: 'sora-2', seconds: '1', size: '480x480' });
    await service.client(key).videos.delete(video.id);
  });
});
