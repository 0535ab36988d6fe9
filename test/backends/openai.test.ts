/**
 * The OpenAI Videos backend against a local fake of the API (test/support/fake-openai-videos.ts):
 * the real SDK, real HTTP, real MP4s through Kino's normalisation, no network.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackendProgress } from '../../src/backends/index.ts';
import { createBackend, listModels } from '../../src/backends/registry.ts';
import {
  nearestOpenAiSize,
  openAiBackend,
  openAiSeconds,
  type OpenAiBackendOptions,
} from '../../src/backends/openai/index.ts';
import { KinoError } from '../../src/errors.ts';
import { probeMedia, readFrames } from '../../src/media/index.ts';
import { parsePlan, type VideoPlan } from '../../src/plan/index.ts';
import { minimalPlan } from '../fixtures.ts';
import { startFakeOpenAiVideos, type FakeOpenAiVideos } from '../support/fake-openai-videos.ts';

const PROMPT = 'a lighthouse on a cliff at dusk, waves below';

function planOf(durationSec: number): VideoPlan {
  const plan = minimalPlan();
  return parsePlan({
    ...plan,
    output: { width: 480, height: 480, fps: 24, durationSec },
    shots: [{ ...plan.shots[0]!, end: durationSec }],
    provenance: { prompt: PROMPT },
  });
}
const smallPlan = () => planOf(2);

let fake: FakeOpenAiVideos;
let dir: string;

beforeAll(async () => {
  fake = await startFakeOpenAiVideos();
  dir = await mkdtemp(join(tmpdir(), 'kino-openai-test-'));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.model({});
  fake.pollAfterMs = undefined;
});

/** Fast polling and short timeouts, so every failure shows within a second or two. */
function backend(overrides: Partial<OpenAiBackendOptions> = {}) {
  return openAiBackend({
    apiKey: fake.apiKey,
    baseURL: fake.baseURL,
    model: 'sora-2',
    pollMinMs: 10,
    pollMaxMs: 100,
    requestTimeoutMs: 2_000,
    jobTimeoutMs: 20_000,
    maxRetries: 1,
    ...overrides,
  });
}

let outputs = 0;
const output = () => join(dir, `out-${++outputs}.mp4`);

/** Awaits a job that must fail with a KinoError, and returns that error. */
async function kinoError(promise: Promise<unknown>): Promise<KinoError> {
  const err: unknown = await promise.then(
    () => new Error('expected the job to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KinoError);
  return err as KinoError;
}

const requestsSince = (start: number) => fake.requests.slice(start);

describe('OpenAI sizes and lengths', () => {
  it('sends each Kino size as the nearest OpenAI size, never upscaling when a larger one exists', () => {
    const kinoSizes = [
      [854, 480],
      [480, 480],
      [480, 854],
      [1280, 720],
      [720, 720],
      [720, 1280],
      [1920, 1080],
      [1080, 1080],
      [1080, 1920],
    ] as const;
    const map = (model: string) => kinoSizes.map(([w, h]) => `${w}x${h}→${nearestOpenAiSize(model, w, h)}`);
    expect(map('sora-2')).toEqual([
      '854x480→1280x720',
      '480x480→1280x720',
      '480x854→720x1280',
      '1280x720→1280x720',
      '720x720→1280x720',
      '720x1280→720x1280',
      '1920x1080→1792x1024',
      '1080x1080→1792x1024',
      '1080x1920→1024x1792',
    ]);
    expect(nearestOpenAiSize('sora-2-pro', 1920, 1080)).toBe('1920x1080');
    expect(nearestOpenAiSize('sora-2-pro', 1080, 1920)).toBe('1080x1920');
    expect(nearestOpenAiSize('sora-2-pro', 854, 480)).toBe('1280x720');
  });

  it('asks for the shortest clip at least as long as the plan, and refuses longer plans', () => {
    expect([1, 4, 4.5, 8, 9, 12].map((s) => openAiSeconds(s))).toEqual(['4', '4', '8', '8', '12', '12']);
    expect(openAiSeconds(15, [4, 8, 12, 16, 20])).toBe('16');
    expect(() => openAiSeconds(13)).toThrow(/4, 8, 12 seconds; 13 s is longer than the longest/);
  });

  it('registers openai/sora-2 and openai/sora-2-pro, usable only when OPENAI_API_KEY is set', () => {
    const offered = listModels({ env: {} }).filter((m) => m.model.startsWith('openai/'));
    expect(offered.map((m) => [m.model, m.available])).toEqual([
      ['openai/sora-2', false],
      ['openai/sora-2-pro', false],
    ]);
    expect(offered[0]?.reason).toMatch(/set OPENAI_API_KEY/);
    expect(() => createBackend('openai/sora-2', { env: {} })).toThrow(
      /not available here: set OPENAI_API_KEY/,
    );

    const env = { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: fake.baseURL };
    expect(listModels({ env }).filter((m) => m.model.startsWith('openai/') && m.available)).toHaveLength(2);
    const pro = createBackend('openai/sora-2-pro', { env });
    expect(pro.id).toBe('openai/sora-2-pro');
    expect(pro.capabilities?.maxDurationSec).toBe(12);
    const longer = createBackend('openai/sora-2', { env: { ...env, KINO_OPENAI_SECONDS: '4,8,12,16,20' } });
    expect(longer.capabilities?.maxDurationSec).toBe(20);
    expect(() => createBackend('openai/sora-2', { env: { ...env, KINO_OPENAI_SECONDS: '4,x' } })).toThrow(
      /KINO_OPENAI_SECONDS must list whole seconds/,
    );
  });
});

describe('OpenAI Videos backend against the fake API', () => {
  it('creates, polls and downloads a job, then normalises it to the plan with Kino sound', async () => {
    const start = fake.requests.length;
    fake.pollAfterMs = 60;
    fake.model({ queuedPolls: 1, runningPolls: 3 });
    const events: BackendProgress[] = [];
    const outputPath = output();
    const result = await backend().generate({
      plan: smallPlan(),
      outputPath,
      quality: 'preview',
      onProgress: (e) => events.push(e),
    });
    expect(result).toMatchObject({
      outputPath,
      digitalSourceType: 'trainedAlgorithmicMedia',
      model: 'sora-2',
    });
    // The OpenAI job is handed back, so a later remix or extension can refer to it by id.
    expect(result.job).toMatchObject({
      model: 'openai/sora-2',
      id: expect.stringMatching(/^video_/),
      seconds: 4,
    });

    // The wire: a multipart create with the nearest size and length, then retrieves, then the content.
    const seen = requestsSince(start);
    const create = seen[0]!;
    expect(create.method).toBe('POST');
    expect(create.path).toBe('/v1/videos');
    expect(create.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(create.fields).toEqual({ prompt: PROMPT, model: 'sora-2', size: '1280x720', seconds: '4' });
    expect(create.headers['idempotency-key']).toMatch(/^kino-/);
    const retrieves = seen.filter((r) => r.method === 'GET' && /^\/v1\/videos\/video_fake\d+$/.test(r.path));
    expect(retrieves).toHaveLength(5); // queued, 3 × in_progress, completed
    expect(seen.at(-1)?.path).toMatch(/^\/v1\/videos\/video_fake\d+\/content$/);
    // The 60 ms openai-poll-after-ms hint overrides the 10 ms starting interval from the first answer on.
    const gaps = retrieves.slice(1).map((r, i) => r.at - retrieves[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(55);

    // Progress reached the caller: started, then the share of frames rising to all 48, then encoding.
    expect(events[0]).toEqual({ type: 'started', totalFrames: 48 });
    const done = events.flatMap((e) => (e.type === 'frame' ? [e.framesDone] : []));
    expect(done).toEqual([0, 0, 12, 24, 36, 48]);
    expect(events.at(-1)).toEqual({ type: 'encoding' });

    // The file: exactly the plan's size (1280x720 cropped square), rate and length, with Kino's soundscape (the clip was silent).
    const info = await probeMedia(outputPath);
    expect(info.video).toMatchObject({ width: 480, height: 480, codec: 'h264', frameCount: 48 });
    expect(info.video?.fps).toBeCloseTo(24, 3);
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    // The pixels are the model's: testsrc2 is colourful, not a blank or grey frame.
    const [first] = await readFrames(outputPath, { width: 480, height: 480, select: [0] });
    const colours = new Set<number>();
    for (let i = 0; i < first!.length; i += 4 * 37) {
      colours.add(((first![i]! >> 5) << 6) | ((first![i + 1]! >> 5) << 3) | (first![i + 2]! >> 5));
    }
    expect(colours.size).toBeGreaterThan(10);
  });

  it('speaks the wire protocol the SDK expects for remix (JSON) and unknown ids (404 error body)', async () => {
    const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
    const source = [...fake.videos.values()].find((v) => v.status === 'completed')!;
    const start = fake.requests.length;
    const remix = await client.videos.remix(source.id, { prompt: 'the same lighthouse, at night' });
    expect(remix).toMatchObject({
      object: 'video',
      status: 'queued',
      progress: 0,
      remixed_from_video_id: source.id,
      size: source.size,
      seconds: source.seconds,
    });
    const [sent] = requestsSince(start);
    expect(sent?.contentType).toMatch(/^application\/json/);
    expect(sent?.fields).toEqual({ prompt: 'the same lighthouse, at night' });
    const missing: unknown = await client.videos.retrieve('video_nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing).toMatchObject({ status: 404, param: 'id', type: 'invalid_request_error' });
  });

  it('rides out a 429 with retry-after: the SDK retries the create with the same idempotency key', async () => {
    const start = fake.requests.length;
    const before = fake.videos.size;
    fake.fault('create', {
      type: 'error',
      status: 429,
      message: 'Rate limit reached for sora-2 in organization org-fake on requests per min.',
      errorType: 'requests',
      code: 'rate_limit_exceeded',
      retryAfterMs: 20,
    });
    await backend().generate({ plan: smallPlan(), outputPath: output(), quality: 'preview' });
    const creates = requestsSince(start).filter((r) => r.method === 'POST');
    expect(creates).toHaveLength(2);
    expect(creates[0]!.headers['idempotency-key']).toMatch(/^kino-[0-9a-f-]{36}$/);
    expect(creates[1]!.headers['idempotency-key']).toBe(creates[0]!.headers['idempotency-key']);
    expect(fake.videos.size).toBe(before + 1);
  });

  it('turns API errors into KinoErrors with clear messages', async () => {
    const plan = smallPlan();
    const rateLimit = {
      type: 'error',
      status: 429,
      message: 'Rate limit reached for sora-2.',
      code: 'rate_limit_exceeded',
      retryAfterMs: 5,
    } as const;
    fake.fault('create', rateLimit, rateLimit);
    const limited = await kinoError(backend().generate({ plan, outputPath: output() }));
    expect(limited.code).toBe('rate_limit_exceeded');
    expect(limited.message).toMatch(/rate limiting .* after retrying: Rate limit reached for sora-2/);

    fake.fault('create', {
      type: 'error',
      status: 429,
      message: 'You exceeded your current quota, please check your plan and billing details.',
      errorType: 'insufficient_quota',
      code: 'insufficient_quota',
    });
    const quota = await kinoError(backend({ maxRetries: 0 }).generate({ plan, outputPath: output() }));
    expect(quota.code).toBe('backend_unavailable');
    expect(quota.message).toMatch(/run out of quota \(insufficient_quota\): You exceeded your current quota/);

    fake.fault('create', {
      type: 'error',
      status: 400,
      message: 'Your request was blocked by our moderation system.',
      code: 'moderation_blocked',
    });
    const blocked = await kinoError(backend().generate({ plan, outputPath: output() }));
    expect(blocked.code).toBe('moderation_blocked');
    expect(blocked.param).toBe('prompt');
    expect(blocked.message).toMatch(/moderation refused this request: Your request was blocked/);

    const wrongKey = await kinoError(
      backend({ apiKey: 'sk-wrong' }).generate({ plan, outputPath: output() }),
    );
    expect(wrongKey.code).toBe('backend_unavailable');
    expect(wrongKey.param).toBe('OPENAI_API_KEY');
    expect(wrongKey.message).toMatch(/rejected the server's OPENAI_API_KEY \(HTTP 401\): Incorrect API key/);

    const start = fake.requests.length;
    const tooLong = await kinoError(backend().generate({ plan: planOf(14), outputPath: output() }));
    expect(tooLong.code).toBe('invalid_duration');
    expect(fake.requests.length).toBe(start); // refused before anything was sent
  });

  it('fails the job clearly when the video itself fails', async () => {
    fake.model({
      runningPolls: 4,
      failWith: { code: 'moderation_blocked', message: 'The generated video was flagged.' },
    });
    const flagged = await kinoError(backend().generate({ plan: smallPlan(), outputPath: output() }));
    expect(flagged.code).toBe('moderation_blocked');
    expect(flagged.message).toMatch(
      /moderation blocked video video_fake\d+: The generated video was flagged/,
    );

    fake.model({
      runningPolls: 4,
      failWith: { code: 'internal_error', message: 'Video generation failed.' },
    });
    const failed = await kinoError(backend().generate({ plan: smallPlan(), outputPath: output() }));
    expect(failed.code).toBe('backend_failed');
    expect(failed.message).toMatch(
      /could not generate video video_fake\d+ \(internal_error\): Video generation failed/,
    );
  });

  it('stops polling promptly on cancel and throws `cancelled`', async () => {
    fake.model({ stall: true });
    // A long hint: the wait after the abort must be cut short, not slept out.
    fake.pollAfterMs = 1_500;
    const controller = new AbortController();
    const start = fake.requests.length;
    let abortedAt = 0;
    let aborting: NodeJS.Timeout | undefined;
    const err = await kinoError(
      backend({ pollMaxMs: 5_000 }).generate({
        plan: smallPlan(),
        outputPath: output(),
        signal: controller.signal,
        onProgress: (e) => {
          // Cancel 100 ms into the 1.5 s wait that follows the first real progress.
          if (e.type === 'frame' && e.framesDone > 0 && !aborting) {
            aborting = setTimeout(() => {
              abortedAt = performance.now();
              controller.abort();
            }, 100);
          }
        },
      }),
    );
    expect(err.code).toBe('cancelled');
    expect(performance.now() - abortedAt).toBeLessThan(500);
    const polled = requestsSince(start).filter((r) => r.method === 'GET').length;
    expect(polled).toBe(2); // queued, then 10 %; the wait after it was cut short
    const count = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.requests.length).toBe(count); // nothing polls after the abort
  });

  it('survives dropped connections and a server restart mid-job', async () => {
    fake.model({ queuedPolls: 1, runningPolls: 4 });
    // A drop is retried by the SDK; two in a row also cost the poll loop one failed poll.
    fake.fault('retrieve', { type: 'drop' }, { type: 'drop' }, { type: 'drop' });
    let restarted: Promise<void> | undefined;
    const done: number[] = [];
    const outputPath = output();
    await backend({ maxRetries: 1, maxPollFailures: 10 }).generate({
      plan: smallPlan(),
      outputPath,
      quality: 'preview',
      onProgress: (e) => {
        if (e.type !== 'frame') return;
        done.push(e.framesDone);
        // Partway through, the server goes away for 150 ms and comes back with its jobs.
        if (e.framesDone > 0 && !restarted) restarted = fake.restart(150);
      },
    });
    await restarted;
    expect(done.at(-1)).toBe(48);
    expect((await probeMedia(outputPath)).video?.frameCount).toBe(48);
  });

  it('gives up with a clear error when the server is gone for good, or never answers', async () => {
    const gone = await startFakeOpenAiVideos();
    gone.model({ stall: true });
    let closing: Promise<void> | undefined;
    const err = await kinoError(
      openAiBackend({
        apiKey: gone.apiKey,
        baseURL: gone.baseURL,
        model: 'sora-2',
        pollMinMs: 10,
        pollMaxMs: 20,
        maxRetries: 0,
        maxPollFailures: 3,
      }).generate({
        plan: smallPlan(),
        outputPath: output(),
        onProgress: (e) => {
          if (e.type === 'frame' && !closing) closing = gone.close();
        },
      }),
    );
    await closing;
    expect(err.code).toBe('backend_unavailable');
    expect(err.message).toMatch(/Checking OpenAI video video_fake\d+: could not reach the OpenAI API/);

    fake.fault('create', { type: 'hang' });
    const hung = await kinoError(
      backend({ requestTimeoutMs: 300, maxRetries: 0 }).generate({ plan: smallPlan(), outputPath: output() }),
    );
    expect(hung.code).toBe('backend_unavailable');
    expect(hung.message).toMatch(/Creating the OpenAI video: OpenAI did not answer in time/);
  });

  it('abandons a job that outlives the overall timeout', async () => {
    fake.model({ stall: true });
    const began = performance.now();
    const err = await kinoError(
      backend({ jobTimeoutMs: 400 }).generate({ plan: smallPlan(), outputPath: output() }),
    );
    expect(err.code).toBe('backend_failed');
    expect(err.message).toMatch(/did not finish within 0\.4 s; it was abandoned/);
    expect(performance.now() - began).toBeLessThan(1500);
  });
});
