/**
 * The API works unchanged on every backend: the same flow (create, retrieve with progress, download, remix,
 * extend, delete) through the official openai SDK against Kino with `model` set to the procedural engine,
 * a ComfyUI model (a faithful fake server) and an OpenAI model (a faithful fake of the Videos API). Then the
 * failure paths over the API: a model server restarting mid-job, and DELETE while rendering, which must
 * interrupt the ComfyUI job and stop polling OpenAI.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia, readFrames } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { startFakeComfyUi, type FakeComfyUi } from '../support/fake-comfyui.ts';
import { startFakeOpenAiVideos, type FakeOpenAiVideos } from '../support/fake-openai-videos.ts';
import { small, startTestService, type TestService } from './helpers.ts';
import { finished, until } from './test-backends.ts';

let comfy: FakeComfyUi;
let openai: FakeOpenAiVideos;
let service: TestService;
let client: OpenAI;
const ENV_KEYS = [
  'KINO_COMFYUI_URL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'KINO_OPENAI_POLL_MS',
  'KINO_MODEL_FALLBACK',
];
const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

beforeAll(async () => {
  [comfy, openai] = await Promise.all([startFakeComfyUi(), startFakeOpenAiVideos()]);
  openai.pollAfterMs = 100;
  openai.model({ queuedPolls: 1, runningPolls: 4 });
  // Worker processes inherit the environment, as they do from `kino serve`.
  process.env.KINO_COMFYUI_URL = comfy.url;
  process.env.OPENAI_API_KEY = openai.apiKey;
  process.env.OPENAI_BASE_URL = openai.baseURL;
  process.env.KINO_OPENAI_POLL_MS = '50';
  delete process.env.KINO_MODEL_FALLBACK;
  // A short lease: a deleted video's render is aborted within a heartbeat (a fifth of it).
  service = await startTestService({ workers: 1, leaseMs: 1_500 });
  client = service.client(await service.account('model-user', 'pro'));
}, 60_000);

afterAll(async () => {
  await service?.dispose();
  await Promise.all([comfy?.close(), openai?.close()]);
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

/** Waits for the video to finish, watching its progress in the store; returns the progress values seen. */
async function progressUntilDone(id: string): Promise<number[]> {
  const seen: number[] = [];
  await until(async () => {
    const video = await service.store.videoById(id);
    if (video && seen.at(-1) !== video.progress) seen.push(video.progress);
    return video?.status === 'completed' || video?.status === 'failed';
  }, 120_000);
  return seen;
}

async function download(id: string, name: string): Promise<string> {
  const path = join(service.dataDir, name);
  await writeFile(path, Buffer.from(await (await client.videos.downloadContent(id)).arrayBuffer()));
  return path;
}

async function expectFormat(path: string, seconds: number): Promise<void> {
  const info = await probeMedia(path);
  expect([info.video?.width, info.video?.height, info.video?.fps]).toEqual([480, 480, 30]);
  expect(info.video?.frameCount).toBe(seconds * 30);
  expect(info.audio?.sampleRate).toBe(48000);
  expect(info.audio?.channels).toBe(2);
}

const BACKENDS = [
  {
    model: 'kino-procedural',
    generatedBy: 'kino-procedural',
    editedBy: 'kino-procedural',
    sourceType: 'algorithmicMedia',
  },
  {
    model: 'comfyui/ltx-video',
    generatedBy: 'comfyui/ltx-video',
    // ComfyUI remixes and extends through Wan 2.2 image-to-video on the same server.
    editedBy: 'comfyui/wan2.2-i2v',
    sourceType: 'trainedAlgorithmicMedia',
  },
  {
    model: 'openai/sora-2',
    generatedBy: 'sora-2',
    editedBy: 'sora-2',
    sourceType: 'trainedAlgorithmicMedia',
  },
] as const;

describe.each(BACKENDS)('the Videos API on $model', ({ model, generatedBy, editedBy, sourceType }) => {
  let sourceId: string;

  it('creates a video, reports progress while it renders, and serves the exact format with sound', async () => {
    // Slow the ComfyUI "model" down enough for progress to be seen between 0 and 100.
    if (model.startsWith('comfyui/')) comfy.script.push({ kind: 'succeed', steps: 6, stepMs: 150 });
    const created = await client.videos.create({
      ...small('a lighthouse at dusk, waves rolling in'),
      model,
    } as never);
    expect(created).toMatchObject({ object: 'video', model, status: 'queued' });
    sourceId = created.id;
    const progress = await progressUntilDone(created.id);
    const done = await client.videos.retrieve(created.id);
    expect(done).toMatchObject({ status: 'completed', progress: 100, error: null, model });
    expect(progress.some((p) => p > 0 && p < 100)).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const path = await download(created.id, `${model.replace('/', '-')}-created.mp4`);
    await expectFormat(path, 1);
    const manifest = (await verifyVideo(path, { dataDir: service.dataDir })).activeManifest;
    expect(manifest?.model).toBe(generatedBy);
    expect(manifest?.digitalSourceType).toBe(sourceType);
  });

  it('remixes it on the same backend, with the source as the parent ingredient', async () => {
    const remix = await client.videos.remix(sourceId, { prompt: 'the lighthouse at night in the rain' });
    expect(remix).toMatchObject({ model, remixed_from_video_id: sourceId });
    const done = await finished(service.store, remix.id);
    expect(done.error).toBeNull();
    const path = await download(remix.id, `${model.replace('/', '-')}-remix.mp4`);
    await expectFormat(path, 1);
    const manifest = (await verifyVideo(path, { dataDir: service.dataDir })).activeManifest;
    expect(manifest?.model ?? 'kino-procedural').toBe(editedBy);
    expect(manifest?.ingredients.map((i) => i.relationship)).toContain('parentOf');
    expect(manifest?.actions.map((a) => a.action)).toContain('c2pa.edited');
  });

  it('extends it on the same backend: seconds is the stitched total', async () => {
    const extension = await client.videos.extend({
      video: { id: sourceId },
      seconds: '1' as never,
      prompt: 'the beam sweeps across the sea',
    });
    expect(extension).toMatchObject({ model, seconds: '2' });
    const done = await finished(service.store, extension.id);
    expect(done.error).toBeNull();
    const path = await download(extension.id, `${model.replace('/', '-')}-extend.mp4`);
    await expectFormat(path, 2);
    const manifest = (await verifyVideo(path, { dataDir: service.dataDir })).activeManifest;
    expect(manifest?.model ?? 'kino-procedural').toBe(editedBy);
  });

  it.runIf(model !== 'kino-procedural')('refuses, at request time, edits the model cannot make', async () => {
    const video = { id: sourceId };
    await expect(
      client.videos.extend({ video, seconds: '1', prompt: 'before', direction: 'backward' } as never),
    ).rejects.toMatchObject({ status: 400, error: { code: 'invalid_request', param: 'direction' } });
    if (model.startsWith('comfyui/')) {
      // Image-to-video makes at most 121 frames at 24 fps.
      await expect(
        client.videos.extend({ video, seconds: '6', prompt: 'much later' } as never),
      ).rejects.toMatchObject({ status: 400, error: { code: 'invalid_duration', param: 'seconds' } });
    }
    if (model.startsWith('openai/')) {
      // The remix and the extension above went to OpenAI by the source's id: nothing was uploaded.
      expect(openai.uploads).toHaveLength(0);
      const paths = openai.requests.map((r) => r.path);
      expect(paths.some((p) => /^\/v1\/videos\/video_\w+\/remix$/.test(p))).toBe(true);
      const extension = openai.requests.find((r) => r.path === '/v1/videos/extensions');
      expect(extension?.fields['video[id]']).toMatch(/^video_/);
    }
  });

  it.runIf(model === 'comfyui/ltx-video')(
    're-cuts it on its pixels, never re-rendering the model’s plan',
    async () => {
      const res = await fetch(`${service.url}/v1/videos/${sourceId}/recut`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: 0, to: 1 }),
      });
      const recut = (await res.json()) as { id: string };
      expect((await finished(service.store, recut.id)).error).toBeNull();
      const [source, cut] = await Promise.all([
        download(sourceId, 'recut-source.mp4'),
        download(recut.id, 'recut.mp4'),
      ]);
      const [a] = await readFrames(source, { width: 48, height: 48, select: [12] });
      const [b] = await readFrames(cut, { width: 48, height: 48, select: [12] });
      let diff = 0;
      for (let i = 0; i < a!.length; i++) diff += Math.abs(a![i]! - b![i]!);
      // The model's test pattern, re-encoded once: a procedural re-render of the plan would look nothing like it.
      expect(diff / a!.length).toBeLessThan(4);
      const manifest = (await verifyVideo(cut, { dataDir: service.dataDir })).activeManifest;
      expect(manifest?.plan).toBeUndefined();
    },
  );

  it('deletes it', async () => {
    await expect(client.videos.delete(sourceId)).resolves.toMatchObject({ id: sourceId, deleted: true });
    await expect(client.videos.retrieve(sourceId)).rejects.toMatchObject({ status: 404 });
  });
});

describe('GET /v1/models', () => {
  it('lists every model OpenAI-style, with capabilities, availability and what the plan allows', async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(m);
    const byId = new Map(
      models.map((m) => [m.id, m as unknown as { object: string; kino: Record<string, unknown> }]),
    );
    expect([...byId.keys()]).toEqual(
      expect.arrayContaining([
        'kino-procedural',
        'comfyui/ltx-video',
        'comfyui/wan2.2-i2v',
        'openai/sora-2',
        'sora-2',
      ]),
    );
    expect(byId.get('kino-procedural')).toMatchObject({
      object: 'model',
      kino: { available: true, allowed: true, remix: true, extend: true, max_seconds: 20 },
    });
    expect(byId.get('kino-procedural')!.kino.sizes).toContain('1920x1080');
    expect(byId.get('comfyui/ltx-video')!.kino).toMatchObject({
      available: true,
      allowed: true,
      image_input: false,
      remix: true,
      remix_max_seconds: 5,
      extend_max_seconds: 5,
    });
    expect(byId.get('comfyui/wan2.2-i2v')!.kino).toMatchObject({ image_input: true });
    expect(byId.get('openai/sora-2')!.kino).toMatchObject({
      available: true,
      max_seconds: 12,
      extend_max_seconds: 12,
    });
    expect(byId.get('sora-2')!.kino).toMatchObject({ alias_of: 'kino-procedural' });

    // One model by id, slash and all; and a free account sees what its plan leaves out.
    await expect(client.models.retrieve('comfyui/ltx-video')).resolves.toMatchObject({
      id: 'comfyui/ltx-video',
    });
    await expect(client.models.retrieve('veo-9')).rejects.toMatchObject({ status: 404 });
    const typed = await fetch(`${service.url}/v1/models/openai/sora-2`, {
      headers: { authorization: `Bearer ${client.apiKey}` },
    });
    expect(await typed.json()).toMatchObject({ id: 'openai/sora-2', object: 'model' });
    const free = service.client(await service.account('free-model-user', 'free'));
    const freeModels = new Map<
      string,
      { kino: { allowed: boolean; sizes: string[]; max_seconds: number } }
    >();
    for await (const m of free.models.list()) freeModels.set(m.id, m as never);
    expect(freeModels.get('kino-procedural')!.kino).toMatchObject({ allowed: true, max_seconds: 10 });
    expect(freeModels.get('kino-procedural')!.kino.sizes).not.toContain('1920x1080');
    expect(freeModels.get('openai/sora-2')!.kino.allowed).toBe(false);
    expect(freeModels.get('comfyui/ltx-video')!.kino.allowed).toBe(false);
  });
});

describe('model servers failing and jobs cancelled, over the API', () => {
  it('finishes a ComfyUI job whose server restarted mid-job (queued again with a new seed)', async () => {
    comfy.script.splice(0, comfy.script.length, { kind: 'succeed', steps: 20, stepMs: 100 });
    const before = comfy.prompts.length;
    const created = await client.videos.create({
      ...small('a harbour at dawn'),
      model: 'comfyui/ltx-video',
    } as never);
    await until(() => comfy.prompts.length > before, 60_000);
    await comfy.restart(300);
    const done = await finished(service.store, created.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    const [first, again] = comfy.prompts.slice(before);
    const seedOf = (p: typeof first) =>
      Object.values(p!.prompt).find((n) => n.class_type === 'RandomNoise')!.inputs.noise_seed;
    expect(seedOf(again)).not.toBe(seedOf(first));
  });

  it('finishes an OpenAI job across a restart of the API server', async () => {
    openai.model({ queuedPolls: 1, runningPolls: 8 });
    const created = await client.videos.create({
      ...small('a harbour at noon'),
      model: 'openai/sora-2',
    } as never);
    await until(async () => ((await service.store.videoById(created.id))?.progress ?? 0) > 0, 60_000);
    await openai.restart(400);
    const done = await finished(service.store, created.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    openai.model({ queuedPolls: 1, runningPolls: 4 });
  });

  it('DELETE while rendering interrupts the ComfyUI job on its server', async () => {
    comfy.script.splice(0, comfy.script.length, { kind: 'hang', stepMs: 50 });
    const before = comfy.prompts.length;
    const interrupts = comfy.interrupts.length;
    const created = await client.videos.create({
      ...small('a storm at sea'),
      model: 'comfyui/ltx-video',
    } as never);
    await until(() => comfy.prompts.length > before, 60_000);
    const promptId = comfy.prompts.at(-1)!.promptId;
    await client.videos.delete(created.id);
    await until(() => comfy.interrupts.length > interrupts, 15_000);
    expect(comfy.interrupts.at(-1)).toEqual({ prompt_id: promptId });
  });

  it('DELETE while rendering stops polling the OpenAI job', async () => {
    openai.model({ stall: true });
    const created = await client.videos.create({
      ...small('a storm at dusk'),
      model: 'openai/sora-2',
    } as never);
    await until(async () => ((await service.store.videoById(created.id))?.progress ?? 0) > 0, 60_000);
    const job = [...openai.videos.values()].at(-1)!;
    await client.videos.delete(created.id);
    const polls = () => openai.requests.filter((r) => r.path === `/v1/videos/${job.id}`).length;
    // Within a heartbeat the worker aborts; after that not one more poll of the abandoned job.
    await new Promise((r) => setTimeout(r, 1_000));
    const settled = polls();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(polls()).toBe(settled);
    openai.model({ queuedPolls: 1, runningPolls: 4 });
  });
});
