import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  WORKFLOW_TEMPLATES,
  buildWorkflow,
  comfyUiBackend,
  createBackend,
  listModels,
  modelFrames,
  modelSize,
  seedFor,
  type BackendProgress,
  type ComfyUiBackendOptions,
} from '../../src/backends/index.ts';
import { KinoError } from '../../src/errors.ts';
import { probeMedia } from '../../src/media/index.ts';
import { parsePlan, type VideoPlan } from '../../src/plan/index.ts';
import { runJob } from '../../src/pipeline/run-job.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { minimalPlan } from '../fixtures.ts';
import { startFakeComfyUi, type FakeComfyUi } from '../support/fake-comfyui.ts';

function tinyPlan(seed = 7): VideoPlan {
  const base = minimalPlan();
  const plan = parsePlan({
    ...base,
    seed,
    output: { width: 854, height: 480, fps: 24, durationSec: 1 },
    shots: [{ ...base.shots[0]!, end: 1 }],
    provenance: { prompt: 'a lighthouse at dusk, waves rolling in' },
  });
  // Tests may use sizes users cannot pick: a tiny frame keeps ffmpeg's work small.
  return { ...plan, output: { ...plan.output, width: 256, height: 144 } };
}

/** Fast pacing so failure paths finish in well under a second. */
const FAST: Partial<ComfyUiBackendOptions> = {
  pollIntervalMs: 50,
  requestTimeoutMs: 2_000,
  unreachableTimeoutMs: 3_000,
  socketReconnectDelayMs: 100,
  socketConnectTimeoutMs: 1_000,
};

let dir: string;
let fake: FakeComfyUi;
const extra: FakeComfyUi[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-comfy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await fake?.close();
  await Promise.all(extra.splice(0).map((f) => f.close()));
});

async function expectKinoError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KinoError);
  expect((err as KinoError).code).toBe(code);
  expect((err as KinoError).message).toMatch(message);
}

describe('workflow templates', () => {
  it('map the request into node inputs and respect the model’s size and frame rules', () => {
    const t = WORKFLOW_TEMPLATES['comfyui/ltx-video']!;
    expect(modelSize(1920, 1080, t)).toEqual({ width: 800, height: 448 });
    expect(modelSize(480, 854, t)).toEqual({ width: 448, height: 800 });
    expect(modelSize(1920, 1080, WORKFLOW_TEMPLATES['comfyui/wan2.2-t2v']!)).toEqual({
      width: 1248,
      height: 704,
    });
    for (const [w, h] of [
      [1920, 1080],
      [1080, 1920],
      [854, 480],
      [720, 720],
    ] as const) {
      for (const tpl of Object.values(WORKFLOW_TEMPLATES)) {
        const s = modelSize(w, h, tpl);
        expect(s.width % 32).toBe(0);
        expect(s.height % 32).toBe(0);
        expect(s.width * s.height).toBeLessThanOrEqual(tpl.maxPixels);
        expect(Math.abs(Math.log(s.width / s.height / (w / h)))).toBeLessThan(0.03);
      }
    }
    expect(modelFrames(5, WORKFLOW_TEMPLATES['comfyui/wan2.2-t2v']!)).toBe(121);
    expect(modelFrames(1, WORKFLOW_TEMPLATES['comfyui/wan2.2-t2v']!)).toBe(25);
    expect(modelFrames(4, t) % 8).toBe(1);
    expect(() => modelFrames(6, WORKFLOW_TEMPLATES['comfyui/wan2.2-t2v']!)).toThrow(/at most 121 frames/);

    const graph = buildWorkflow(t, {
      prompt: 'p',
      negativePrompt: 'n',
      width: 704,
      height: 416,
      frames: 97,
      fps: 24,
      seed: 42,
      steps: 12,
    });
    expect(graph['3']!.inputs.text).toBe('p');
    expect(graph['4']!.inputs.text).toBe('n');
    expect(graph['6']!.inputs).toMatchObject({ width: 704, height: 416, length: 97 });
    expect(graph['9']!.inputs.noise_seed).toBe(42);
    expect(graph['5']!.inputs.frame_rate).toBe(24);
    expect(graph['13']!.inputs.fps).toBe(24);
    // The template itself is untouched.
    expect(t.graph['9']!.inputs.noise_seed).toBe(0);
    expect(seedFor(7, 0)).toBe(7);
    expect(seedFor(7, 1)).not.toBe(7);
  });
});

describe('comfyui backend against a fake ComfyUI', () => {
  it('completes a job: progress arrives, the MP4 is conformed to the plan with a soundscape', async () => {
    fake = await startFakeComfyUi();
    fake.script.push({ kind: 'succeed', steps: 6, stepMs: 30 });
    const backend = comfyUiBackend({ servers: [fake.url], template: 'comfyui/wan2.2-t2v', ...FAST });
    const events: BackendProgress[] = [];
    const out = join(dir, 'ok.mp4');
    const result = await backend.generate({
      plan: tinyPlan(),
      outputPath: out,
      quality: 'preview',
      onProgress: (e) => events.push(e),
    });
    expect(result).toEqual({
      outputPath: out,
      digitalSourceType: 'trainedAlgorithmicMedia',
      model: 'comfyui/wan2.2-t2v',
    });

    const sent = fake.prompts[0]!.prompt;
    expect(sent['5']!.inputs.text).toBe('a lighthouse at dusk, waves rolling in');
    expect(sent['7']!.inputs).toMatchObject({ width: 224, height: 128, length: 25 });
    expect(sent['8']!.inputs.seed).toBe(7);
    expect(sent['8']!.inputs.steps).toBe(10); // preview halves the template's 20
    expect(fake.requests).toContain('GET /history/' + fake.prompts[0]!.promptId);

    expect(events[0]).toEqual({ type: 'started', totalFrames: 24 });
    const frames = events.filter((e) => e.type === 'frame');
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)).toEqual({ type: 'encoding' });

    const info = await probeMedia(out);
    expect(info.video).toMatchObject({ width: 256, height: 144, fps: 24, frameCount: 24, codec: 'h264' });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(info.audio!.durationSec).toBeCloseTo(1, 1);
  });

  it('finishes from /history when the websocket stalls or drops mid-job', async () => {
    fake = await startFakeComfyUi({ socket: 'silent' });
    const backend = comfyUiBackend({ servers: [fake.url], template: 'comfyui/ltx-video', ...FAST });
    const events: BackendProgress[] = [];
    await backend.generate({
      plan: tinyPlan(),
      outputPath: join(dir, 'silent.mp4'),
      quality: 'preview',
      onProgress: (e) => events.push(e),
    });
    expect(events.filter((e) => e.type === 'frame')).toHaveLength(0); // no socket news, yet it finished
    expect((await probeMedia(join(dir, 'silent.mp4'))).video?.frameCount).toBe(24);

    fake.options.socket = 'drop';
    fake.script.push({ kind: 'succeed', steps: 10, stepMs: 60 });
    const afterDrop: BackendProgress[] = [];
    await backend.generate({
      plan: tinyPlan(),
      outputPath: join(dir, 'drop.mp4'),
      quality: 'preview',
      onProgress: (e) => afterDrop.push(e),
    });
    // The socket closed after step 1; progress from later steps arrived over the reconnected one.
    const shown = afterDrop.flatMap((e) => (e.type === 'frame' ? [e.framesDone] : []));
    expect(Math.max(...shown)).toBeGreaterThanOrEqual(12);
    expect((await probeMedia(join(dir, 'drop.mp4'))).video?.width).toBe(256);
  });

  it('turns execution errors and rejected workflows into clear backend_failed errors', async () => {
    fake = await startFakeComfyUi();
    fake.script.push({
      kind: 'fail',
      atStep: 2,
      message: 'Allocation on device 0 would exceed allowed memory.',
    });
    const backend = comfyUiBackend({ servers: [fake.url], template: 'comfyui/wan2.2-t2v', ...FAST });
    await expectKinoError(
      backend.generate({ plan: tinyPlan(), outputPath: join(dir, 'fail.mp4') }),
      'backend_failed',
      /KSampler \(node 8\) failed: torch.OutOfMemoryError: Allocation on device 0/,
    );
    fake.script.push({ kind: 'reject' });
    await expectKinoError(
      backend.generate({ plan: tinyPlan(), outputPath: join(dir, 'reject.mp4') }),
      'backend_failed',
      /rejected the workflow: Prompt outputs failed validation; node 1 UNETLoader: Value not in list \(unet_name: 'wan2.2_ti2v_5B_fp16.safetensors' not in \[\]\)/,
    );
  });

  it('cancels: the running prompt is interrupted on the server, a queued one is deleted', async () => {
    fake = await startFakeComfyUi();
    fake.script.push({ kind: 'hang' }, { kind: 'hang' });
    const backend = comfyUiBackend({ servers: [fake.url], template: 'comfyui/wan2.2-t2v', ...FAST });
    const first = new AbortController();
    const second = new AbortController();
    const events: BackendProgress[] = [];
    const running = backend.generate({
      plan: tinyPlan(1),
      outputPath: join(dir, 'c1.mp4'),
      signal: first.signal,
      onProgress: (e) => events.push(e),
    });
    const queued = backend.generate({
      plan: tinyPlan(2),
      outputPath: join(dir, 'c2.mp4'),
      signal: second.signal,
    });
    await expect.poll(() => events.some((e) => e.type === 'frame'), { timeout: 5_000 }).toBe(true);
    expect(fake.prompts).toHaveLength(2);

    const t0 = performance.now();
    second.abort();
    await expectKinoError(queued, 'cancelled', /cancelled/);
    expect(fake.deletes).toEqual([fake.prompts[1]!.promptId]);
    first.abort();
    await expectKinoError(running, 'cancelled', /cancelled/);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(fake.interrupts).toEqual([{ prompt_id: fake.prompts[0]!.promptId }]);
  });

  it('survives a server restart mid-job by queueing again with a new seed', async () => {
    fake = await startFakeComfyUi();
    fake.script.push({ kind: 'hang' }, { kind: 'succeed', steps: 3 });
    const backend = comfyUiBackend({ servers: [fake.url], template: 'comfyui/wan2.2-t2v', ...FAST });
    const events: BackendProgress[] = [];
    const job = backend.generate({
      plan: tinyPlan(),
      outputPath: join(dir, 'restart.mp4'),
      quality: 'preview',
      onProgress: (e) => events.push(e),
    });
    await expect.poll(() => events.some((e) => e.type === 'frame'), { timeout: 5_000 }).toBe(true);
    await fake.restart(400);
    await job;
    expect(fake.prompts).toHaveLength(2);
    const seeds = fake.prompts.map((p) => p.prompt['8']!.inputs.seed);
    expect(seeds[0]).toBe(7);
    expect(seeds[1]).not.toBe(7);
    expect((await probeMedia(join(dir, 'restart.mp4'))).video?.frameCount).toBe(24);
  });

  it('never hangs: a dead server, a server that stays down and a job past its deadline all fail fast', async () => {
    fake = await startFakeComfyUi();
    const url = fake.url;
    await fake.stop();
    const dead = comfyUiBackend({ servers: [url], template: 'comfyui/wan2.2-t2v', ...FAST });
    await expectKinoError(
      dead.generate({ plan: tinyPlan(), outputPath: join(dir, 'dead.mp4') }),
      'backend_unavailable',
      /No ComfyUI server answered.*unreachable/,
    );

    await fake.start();
    fake.script.push({ kind: 'hang' });
    const downMidJob = comfyUiBackend({
      servers: [url],
      template: 'comfyui/wan2.2-t2v',
      ...FAST,
      unreachableTimeoutMs: 300,
    });
    const events: BackendProgress[] = [];
    const job = downMidJob.generate({
      plan: tinyPlan(),
      outputPath: join(dir, 'down.mp4'),
      onProgress: (e) => events.push(e),
    });
    await expect.poll(() => events.some((e) => e.type === 'frame'), { timeout: 5_000 }).toBe(true);
    await fake.stop();
    await expectKinoError(job, 'backend_unavailable', /stayed unreachable/);

    await fake.start();
    fake.script.push({ kind: 'hang' });
    const slow = comfyUiBackend({
      servers: [url],
      template: 'comfyui/wan2.2-t2v',
      ...FAST,
      jobTimeoutMs: 400,
    });
    await expectKinoError(
      slow.generate({ plan: tinyPlan(), outputPath: join(dir, 'slow.mp4') }),
      'backend_failed',
      /did not finish comfyui\/wan2.2-t2v within 0.4 s/,
    );
    await expect.poll(() => fake.interrupts.length, { timeout: 2_000 }).toBe(1);
  });

  it('balances several servers by queue length and uploads the input image for image-to-video', async () => {
    fake = await startFakeComfyUi({ extraQueue: 3 });
    const idle = await startFakeComfyUi();
    extra.push(idle);
    const image = join(dir, 'start.png');
    await writeFile(image, Buffer.from('89504e470d0a1a0a', 'hex'));
    const backend = comfyUiBackend({
      servers: [fake.url, idle.url],
      template: 'comfyui/wan2.2-i2v',
      ...FAST,
    });
    expect(backend.capabilities?.imageInput).toBe(true);
    await backend.generate({
      plan: tinyPlan(),
      outputPath: join(dir, 'i2v.mp4'),
      quality: 'preview',
      inputImagePath: image,
    });
    expect(fake.prompts).toHaveLength(0);
    expect(idle.prompts).toHaveLength(1);
    expect(idle.uploads.map((u) => u.name)).toEqual(['start.png']);
    const sent = idle.prompts[0]!.prompt;
    expect(sent['12']).toMatchObject({ class_type: 'LoadImage', inputs: { image: 'kino/start.png' } });
    expect(sent['7']!.inputs.start_image).toEqual(['12', 0]);
    await expectKinoError(
      backend.generate({ plan: tinyPlan(), outputPath: join(dir, 'noimg.mp4') }),
      'invalid_request',
      /needs an input image/,
    );
  });
});

describe('backend registry', () => {
  it('picks backends by model name and explains unavailable or unknown ones', async () => {
    expect(createBackend(undefined, { env: {} }).id).toBe('kino-procedural');
    const models = listModels({ env: {} });
    expect(models.map((m) => m.model)).toEqual(
      expect.arrayContaining([
        'kino-procedural',
        'comfyui/wan2.2-t2v',
        'comfyui/wan2.2-i2v',
        'comfyui/ltx-video',
      ]),
    );
    expect(models.find((m) => m.model === 'comfyui/ltx-video')).toMatchObject({
      available: false,
      reason: expect.stringMatching(/KINO_COMFYUI_URL/),
    });
    expect(() => createBackend('comfyui/wan2.2-t2v', { env: {} })).toThrow(
      /not available here: set KINO_COMFYUI_URL/,
    );
    try {
      createBackend('comfyui/wan2.2-t2v', { env: {} });
    } catch (err) {
      expect((err as KinoError).code).toBe('backend_unavailable');
    }
    expect(() => createBackend('dall-e', { env: {} })).toThrow(
      /Unknown model "dall-e"; choose one of: kino-procedural, comfyui/,
    );
    expect(() => createBackend('comfyui/ltx-video', { env: { KINO_COMFYUI_URL: 'ftp://x' } })).toThrow(
      /http\(s\) URLs/,
    );
    const wan = createBackend('comfyui/wan2.2-t2v', {
      env: { KINO_COMFYUI_URL: 'http://a:8188, http://b:8188' },
    });
    expect(wan.id).toBe('comfyui/wan2.2-t2v');
    expect(wan.capabilities).toMatchObject({ maxDurationSec: 5, imageInput: false });
  });

  it('signs a ComfyUI result as trainedAlgorithmicMedia with the model name', async () => {
    fake = await startFakeComfyUi();
    const backend = createBackend('comfyui/ltx-video', { env: { KINO_COMFYUI_URL: fake.url } });
    const out = join(dir, 'signed.mp4');
    await runJob({
      plan: tinyPlan(),
      outputPath: out,
      dataDir: join(dir, 'data'),
      backend,
      quality: 'preview',
    });
    const verified = await verifyVideo(out, { dataDir: join(dir, 'data') });
    const text = JSON.stringify(verified);
    expect(text).toContain('trainedAlgorithmicMedia');
    expect(text).toContain('comfyui/ltx-video');
    expect(verified.activeManifest?.plan).toMatchObject({ seed: 7 });
  });
});
