/**
 * Remix and extend through the model backends, against the protocol fakes: OpenAI remixes and extends by
 * the source's OpenAI id (uploading the MP4 when that id is unknown or expired); ComfyUI runs image-to-
 * video from the source's first frame (remix) or last frame (extend, joined on). Every result comes out
 * at the plan's exact size, frame count and with sound.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comfyUiBackend,
  extendJoinGraph,
  type BackendResult,
  type ComfyUiBackendOptions,
} from '../../src/backends/index.ts';
import { openAiBackend } from '../../src/backends/openai/index.ts';
import { probeMedia, readFrames } from '../../src/media/index.ts';
import { parsePlan, type VideoPlan } from '../../src/plan/index.ts';
import { minimalPlan } from '../fixtures.ts';
import { startFakeComfyUi, type FakeComfyUi } from '../support/fake-comfyui.ts';
import { startFakeOpenAiVideos, type FakeOpenAiVideos } from '../support/fake-openai-videos.ts';

function plan(seconds: number, prompt: string): VideoPlan {
  const base = minimalPlan();
  const parsed = parsePlan({
    ...base,
    seed: 11,
    output: { width: 854, height: 480, fps: 24, durationSec: seconds },
    shots: [{ ...base.shots[0]!, end: seconds }],
    provenance: { prompt },
  });
  // A tiny frame keeps ffmpeg's work small; tests may use sizes users cannot pick.
  return { ...parsed, output: { ...parsed.output, width: 256, height: 144 } };
}

async function expectConformed(path: string, seconds: number): Promise<void> {
  const info = await probeMedia(path);
  expect([info.video?.width, info.video?.height, info.video?.fps]).toEqual([256, 144, 24]);
  expect(info.video?.frameCount).toBe(Math.round(seconds * 24));
  expect(info.audio?.sampleRate).toBe(48000);
  expect(info.durationSec).toBeCloseTo(seconds, 1);
}

/** Mean absolute difference of two RGBA frames, 0–255. */
function meanDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-model-edits-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OpenAI remix and extend', () => {
  let fake: FakeOpenAiVideos;
  beforeAll(async () => {
    fake = await startFakeOpenAiVideos();
    fake.model({ queuedPolls: 1, runningPolls: 1 });
  });
  afterAll(async () => fake?.close());
  const backend = () =>
    openAiBackend({
      apiKey: fake.apiKey,
      baseURL: fake.baseURL,
      model: 'sora-2',
      pollMinMs: 10,
      pollMaxMs: 50,
      requestTimeoutMs: 5_000,
      jobTimeoutMs: 30_000,
      maxRetries: 0,
    });

  it('remixes and extends by the source’s OpenAI id, and uploads the MP4 once OpenAI has forgotten it', async () => {
    const source = join(dir, 'openai-source.mp4');
    const made = await backend().generate({
      plan: plan(1, 'a red kite'),
      outputPath: source,
      quality: 'preview',
    });
    expect(made.job).toMatchObject({ model: 'openai/sora-2', seconds: 4 });

    // Remix by id: JSON to /videos/{id}/remix, the answer conformed to the plan.
    const remixed = join(dir, 'openai-remix.mp4');
    const remix: BackendResult = await backend().remix!({
      sourcePath: source,
      sourceJob: made.job!,
      plan: plan(1, 'a blue kite at night'),
      outputPath: remixed,
      quality: 'preview',
    });
    expect(
      fake.requests.some((r) => r.method === 'POST' && r.path === `/v1/videos/${made.job!.id}/remix`),
    ).toBe(true);
    expect(fake.videos.get(remix.job!.id)?.remixed_from_video_id).toBe(made.job!.id);
    expect(remix.digitalSourceType).toBe('trainedAlgorithmicMedia');
    await expectConformed(remixed, 1);

    // Extend by id: Kino's 1 s is a trim of a 4 s OpenAI clip, so the shortest extension (4 s) covers
    // the 1 s asked for continuing from the clip's true end; the stitched answer is cut to 2 s.
    const extended = join(dir, 'openai-extend.mp4');
    const extension = await backend().extend!({
      sourcePath: source,
      sourceJob: made.job!,
      seconds: 1,
      plan: plan(2, 'the kite climbs into the clouds'),
      outputPath: extended,
      quality: 'preview',
    });
    const ask = fake.requests.findLast((r) => r.path === '/v1/videos/extensions')!;
    expect(ask.contentType).toMatch(/^multipart\/form-data/);
    expect(ask.fields).toMatchObject({
      'video[id]': made.job!.id,
      seconds: '4',
      prompt: 'the kite climbs into the clouds',
    });
    expect(extension.job?.seconds).toBe(8);
    await expectConformed(extended, 2);

    // OpenAI forgot the source: the remix answers 404, and Kino uploads the MP4 to /videos/edits instead.
    fake.expire(made.job!.id);
    const uploadsBefore = fake.uploads.length;
    await backend().remix!({
      sourcePath: source,
      sourceJob: made.job!,
      plan: plan(1, 'a green kite'),
      outputPath: join(dir, 'openai-remix-upload.mp4'),
      quality: 'preview',
    });
    expect(fake.uploads.length).toBe(uploadsBefore + 1);
    expect(
      fake.requests.some(
        (r) => r.path === '/v1/videos/edits' && r.fields.video === '<file openai-source.mp4>',
      ),
    ).toBe(true);

    // No recorded job at all (a video from before jobs were kept): the extension uploads the MP4.
    await backend().extend!({
      sourcePath: source,
      seconds: 1,
      plan: plan(2, 'the kite lands'),
      outputPath: join(dir, 'openai-extend-upload.mp4'),
      quality: 'preview',
    });
    expect(fake.uploads.length).toBe(uploadsBefore + 2);
  });
});

describe('ComfyUI remix and extend (image-to-video on the same servers)', () => {
  let fake: FakeComfyUi;
  beforeAll(async () => {
    fake = await startFakeComfyUi();
  });
  afterAll(async () => fake?.close());
  const FAST: Partial<ComfyUiBackendOptions> = { pollIntervalMs: 50, requestTimeoutMs: 5_000 };
  const backend = () => comfyUiBackend({ servers: [fake.url], template: 'comfyui/ltx-video', ...FAST });

  it('extends from the last frame: the source plays unchanged, then the new clip, at the exact total length', async () => {
    const source = join(dir, 'comfy-source.mp4');
    await backend().generate({
      plan: plan(1, 'a lighthouse at dusk'),
      outputPath: source,
      quality: 'preview',
    });
    const extended = join(dir, 'comfy-extend.mp4');
    const result = await backend().extend!({
      sourcePath: source,
      seconds: 1,
      plan: plan(2, 'the lighthouse beam sweeps the sea'),
      outputPath: extended,
      quality: 'preview',
    });
    expect(result.model).toBe('comfyui/wan2.2-i2v');
    await expectConformed(extended, 2);

    // The i2v job started from an uploaded still, through the template's LoadImage node.
    const job = fake.prompts.at(-1)!;
    const load = Object.values(job.prompt).find((n) => n.class_type === 'LoadImage')!;
    expect(String(load.inputs.image)).toContain(fake.uploads.at(-1)!.name);
    const latent = Object.values(job.prompt).find((n) => n.class_type === 'Wan22ImageToVideoLatent')!;
    expect(latent.inputs.length).toBe(25); // 1 s at 24 fps, as 4k + 1 frames

    // The head is the source (re-encoded once), the tail is new.
    const [src0, src23] = await readFrames(source, { width: 64, height: 36, select: [0, 23] });
    const [out0, out23, out30] = await readFrames(extended, { width: 64, height: 36, select: [0, 23, 30] });
    expect(meanDiff(src0!, out0!)).toBeLessThan(4);
    expect(meanDiff(src23!, out23!)).toBeLessThan(4);
    expect(meanDiff(src23!, out30!)).toBeGreaterThan(4);
  });

  it('remixes from the first frame with the new prompt, and refuses a source longer than i2v can make', async () => {
    const source = join(dir, 'comfy-source.mp4');
    const remixed = join(dir, 'comfy-remix.mp4');
    const result = await backend().remix!({
      sourcePath: source,
      plan: plan(1, 'the lighthouse in a snowstorm'),
      outputPath: remixed,
      quality: 'preview',
    });
    expect(result.model).toBe('comfyui/wan2.2-i2v');
    await expectConformed(remixed, 1);
    const job = fake.prompts.at(-1)!;
    const texts = Object.values(job.prompt)
      .filter((n) => n.class_type === 'CLIPTextEncode')
      .map((n) => n.inputs.text);
    expect(texts).toContain('the lighthouse in a snowstorm');
    expect(backend().capabilities).toMatchObject({
      remix: true,
      extend: true,
      remixMaxSec: 5,
      extendMaxSec: 5,
    });
    await expect(
      backend().remix!({ sourcePath: source, plan: plan(6, 'too long'), outputPath: join(dir, 'x.mp4') }),
    ).rejects.toMatchObject({ code: 'invalid_duration' });
  });

  it('joins with a cut on the picture and a short crossfade on the sound', () => {
    const graph = extendJoinGraph(24, { seconds: 1, hasAudio: true });
    expect(graph).toContain('trim=start_frame=1');
    expect(graph).toContain('acrossfade=d=0.1');
    expect(extendJoinGraph(24, { seconds: 1.5, hasAudio: false })).toContain(
      'anullsrc=r=48000:cl=stereo,atrim=duration=1.500000',
    );
  });
});
