/**
 * The API's `model` field picks the backend: a ComfyUI model runs on the configured ComfyUI server (here a
 * faithful fake), and comes back signed as trained-model output; unconfigured and unknown models are clear
 * errors at create time.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { startFakeComfyUi, type FakeComfyUi } from '../support/fake-comfyui.ts';
import { small, startTestService, waitForVideo, type TestService } from './helpers.ts';

let fake: FakeComfyUi;
let service: TestService;
const previous = { comfy: process.env.KINO_COMFYUI_URL, openai: process.env.OPENAI_API_KEY };

beforeAll(async () => {
  fake = await startFakeComfyUi();
  // Worker processes inherit the environment, as they would from `kino serve`.
  process.env.KINO_COMFYUI_URL = fake.url;
  // This server has no OpenAI key, whatever the machine running the tests has.
  delete process.env.OPENAI_API_KEY;
  service = await startTestService({ workers: 1 });
});

afterAll(async () => {
  await service?.dispose();
  await fake?.close();
  for (const [key, value] of [
    ['KINO_COMFYUI_URL', previous.comfy],
    ['OPENAI_API_KEY', previous.openai],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the model field', () => {
  it('renders comfyui/ltx-video on the ComfyUI server, conformed, with sound, signed as trained-model output', async () => {
    const client = service.client(await service.account('gpu-user', 'pro'));
    const created = await client.videos.create({
      ...small('a lighthouse at dusk, waves rolling in'),
      model: 'comfyui/ltx-video',
    } as Parameters<typeof client.videos.create>[0]);
    expect(created.model).toBe('comfyui/ltx-video');
    const done = await waitForVideo(client, created.id, 120_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    expect(fake.prompts).toHaveLength(1);

    const path = join(service.dataDir, 'model-video.mp4');
    await writeFile(path, Buffer.from(await (await client.videos.downloadContent(created.id)).arrayBuffer()));
    const info = await probeMedia(path);
    expect([info.video?.width, info.video?.height]).toEqual([480, 480]);
    expect(info.audio?.sampleRate).toBe(48000);
    const manifest = (await verifyVideo(path, { dataDir: service.dataDir })).activeManifest;
    expect(manifest?.digitalSourceType).toBe('trainedAlgorithmicMedia');
    expect(manifest?.model).toBe('comfyui/ltx-video');
  });

  it('keeps model backends to the plans that include them', async () => {
    const client = service.client(await service.account('free-user', 'free'));
    await expect(
      client.videos.create({ ...small('x'), model: 'comfyui/ltx-video' } as never),
    ).rejects.toMatchObject({ status: 403, error: { code: 'plan_limit_exceeded', param: 'model' } });
    // OpenAI's own names are aliases of the procedural engine, which every plan has.
    const created = await client.videos.create({ ...small('a calm lake'), model: 'sora-2' } as never);
    expect(created.status).toBe('queued');
    expect(fake.prompts).toHaveLength(1);
  });

  it('refuses unknown models and models this server has not configured, naming what is on offer', async () => {
    const client = service.client(await service.account('picky', 'pro'));
    await expect(client.videos.create({ ...small('x'), model: 'veo-9' } as never)).rejects.toMatchObject({
      status: 400,
      error: { code: 'invalid_request', param: 'model' },
    });
    await expect(
      client.videos.create({ ...small('x'), model: 'openai/sora-2' } as never),
    ).rejects.toMatchObject({
      status: 503,
      error: { code: 'backend_unavailable', param: 'model' },
    });
  });
});
