/** Every error is `{ error: { code, message, param } }` with the right status; never a 500 or a stack. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { ALLOWED_SIZE_LABELS } from '../../src/plan/index.ts';
import { small, startTestService, type TestService } from './helpers.ts';

let service: TestService;
let aliceKey: string;
let bobKey: string;
let freeKey: string;
let aliceVideo: string;

beforeAll(async () => {
  service = await startTestService();
  aliceKey = await service.account('alice', 'pro');
  bobKey = await service.account('bob', 'pro');
  freeKey = await service.account('freeloader', 'free');
  aliceVideo = (await service.client(aliceKey).videos.create(small('a lighthouse in fog'))).id;
});

afterAll(async () => {
  await service?.dispose();
});

interface ErrorBody {
  error: { code: string; message: string; param: string | null; type: string };
}

async function call(
  method: string,
  path: string,
  options: { key?: string | null; json?: unknown; body?: string; contentType?: string } = {},
): Promise<{ status: number; body: ErrorBody }> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? aliceKey : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${service.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  expect(text).not.toMatch(/\bat .*\.ts:\d+/); // no stack traces
  return { status: res.status, body: JSON.parse(text) as ErrorBody };
}

describe('authentication', () => {
  it('rejects a missing key with 401', async () => {
    const { status, body } = await call('GET', '/v1/videos', { key: null });
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ code: 'invalid_api_key', param: null });
    expect(body.error.message).toMatch(/missing API key/);
  });

  it('rejects an unknown key with 401, also through the SDK', async () => {
    const { status, body } = await call('GET', '/v1/videos', { key: 'sk-kino-not-a-real-key' });
    expect(status).toBe(401);
    expect(body.error.code).toBe('invalid_api_key');
    const sdk = new OpenAI({ apiKey: 'sk-kino-wrong', baseURL: `${service.url}/v1`, maxRetries: 0 });
    await expect(sdk.videos.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another account's video on every endpoint", async () => {
    for (const [method, path] of [
      ['GET', `/v1/videos/${aliceVideo}`],
      ['GET', `/v1/videos/${aliceVideo}/content`],
      ['DELETE', `/v1/videos/${aliceVideo}`],
    ] as const) {
      const { status, body } = await call(method, path, { key: bobKey });
      expect(status, `${method} ${path}`).toBe(404);
      expect(body.error.code).toBe('not_found');
    }
    const bobList = await service.client(bobKey).videos.list();
    expect(bobList.data).toEqual([]);
    expect((await service.client(aliceKey).videos.retrieve(aliceVideo)).id).toBe(aliceVideo);
  });

  it("treats another account's id as an unknown list cursor", async () => {
    const { status, body } = await call('GET', `/v1/videos?after=${aliceVideo}`, { key: bobKey });
    expect(status).toBe(400);
    expect(body.error.param).toBe('after');
  });
});

describe('ids and paths', () => {
  it('never reads files for path tricks in ids', async () => {
    for (const id of ['..%2F..%2Fkino.db', '..%2Fblobs', 'video_..', '%2e%2e', `${aliceVideo}%00`]) {
      const { status, body } = await call('GET', `/v1/videos/${id}/content`);
      expect(status, id).toBe(404);
      expect(body.error.code).toBe('not_found');
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { status, body } = await call('GET', '/v1/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('refuses unknown content variants and content of unfinished videos', async () => {
    const bad = await call('GET', `/v1/videos/${aliceVideo}/content?variant=poster`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', param: 'variant' });
    expect(bad.body.error.message).toMatch(/video, thumbnail, spritesheet/);
    const queued = await service.client(aliceKey).videos.create(small('a slow sunrise'));
    const early = await call('GET', `/v1/videos/${queued.id}/content`);
    if (early.status !== 200)
      expect(early).toMatchObject({ status: 400, body: { error: { code: 'video_not_ready' } } });
  });
});

describe('create validation', () => {
  it('lists the allowed sizes for an unknown size', async () => {
    const { status, body } = await call('POST', '/v1/videos', { json: { prompt: 'a dog', size: '640x480' } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_size', param: 'size' });
    for (const label of ALLOWED_SIZE_LABELS) expect(body.error.message).toContain(label);
  });

  it('refuses malformed JSON', async () => {
    const { status, body } = await call('POST', '/v1/videos', { body: '{"prompt": "a dog",' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('refuses wrong types, missing and unknown fields, naming the parameter', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ prompt: 42 }, 'prompt', /must be a string/],
      [{}, 'prompt', /prompt is required/],
      [{ prompt: 'a dog', seconds: [4] }, 'seconds', /must be a string/],
      [{ prompt: 'a dog', colour: 'red' }, 'colour', /unknown parameter/],
      [{ prompt: 'a dog', model: 'gpt-video' }, 'model', /kino-procedural/],
      [{ prompt: 'a dog', seconds: 'four' }, 'seconds', /must be a number/],
      [{ prompt: 'a dog', seconds: '30' }, 'seconds', /from 1 to 20/],
      [
        { prompt: 'a dog', input_reference: { image_url: 'http://x/y.png' } },
        'input_reference.image_url',
        /does not fetch remote URLs/,
      ],
      [['a dog'], '', /JSON object/],
    ];
    for (const [json, param, message] of cases) {
      const { status, body } = await call('POST', '/v1/videos', { json });
      expect(status, JSON.stringify(json)).toBe(400);
      if (param) expect(body.error.param).toBe(param);
      expect(body.error.message).toMatch(message);
    }
  });

  it('refuses over-long and empty prompts', async () => {
    const long = await call('POST', '/v1/videos', { json: { prompt: 'a dog runs. '.repeat(400) } });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'invalid_prompt', param: 'prompt' });
    expect(long.body.error.message).toMatch(/limit is 4000/);
    const empty = await call('POST', '/v1/videos', { json: { prompt: '   ' } });
    expect(empty.body.error.code).toBe('invalid_prompt');
  });

  it('refuses unsupported content types and oversized bodies', async () => {
    const text = await call('POST', '/v1/videos', { body: 'prompt=a dog', contentType: 'text/plain' });
    expect(text.status).toBe(400);
    // JSON to the create route may carry a data: URL image, so its limit is 8 MiB; other routes keep 1 MiB.
    const huge = await call('POST', '/v1/videos', { json: { prompt: 'x'.repeat(9 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const big = await call('POST', '/v1/plans', { json: { prompt: 'x'.repeat(2 * 1024 * 1024) } });
    expect(big.status).toBe(413);
  });

  it('validates list parameters', async () => {
    expect((await call('GET', '/v1/videos?limit=0')).body.error.param).toBe('limit');
    expect((await call('GET', '/v1/videos?limit=abc')).status).toBe(400);
    expect((await call('GET', '/v1/videos?order=sideways')).body.error.param).toBe('order');
    expect((await call('GET', '/v1/videos?after=../etc')).body.error.param).toBe('after');
  });
});

describe('plans', () => {
  it('keeps the free plan to 720p and 10 s with 403 plan_limit_exceeded', async () => {
    const big = await call('POST', '/v1/videos', {
      key: freeKey,
      json: { prompt: 'a dog', size: '1920x1080' },
    });
    expect(big.status).toBe(403);
    expect(big.body.error).toMatchObject({ code: 'plan_limit_exceeded', param: 'size' });
    expect(big.body.error.message).toMatch(/free plan allows up to 720p/);
    const long = await call('POST', '/v1/videos', {
      key: freeKey,
      json: { prompt: 'a dog', size: '480x480', seconds: '12' },
    });
    expect(long.status).toBe(403);
    expect(long.body.error).toMatchObject({ code: 'plan_limit_exceeded', param: 'seconds' });
    const sdk = service.client(freeKey);
    await expect(sdk.videos.create({ prompt: 'a dog', size: '1792x1024' })).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
  });

  it('answers 402 when the account cannot pay, leaving credits untouched', async () => {
    const poorKey = await service.account('poor', 'pro', 3);
    const { status, body } = await call('POST', '/v1/videos', {
      key: poorKey,
      json: { prompt: 'a dog', size: '1920x1080', seconds: '1' },
    });
    expect(status).toBe(402);
    expect(body.error.code).toBe('insufficient_credits');
    expect(body.error.message).toMatch(/costs 4 credits and the account has 3/);
    expect((await service.store.accountByName('poor'))?.credits).toBe(3);
  });
});
