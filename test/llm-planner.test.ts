/**
 * The optional LLM planner, against a local fake of an OpenAI-compatible API: a good answer becomes the plan,
 * with the request's output and seed forced; every kind of failure falls back to the rules and says why.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DirectOptions } from '../src/director/direct.ts';
import { directPrompt, planPrompt } from '../src/director/index.ts';
import { KinoError } from '../src/errors.ts';
import { parsePlan, planJsonSchema, type VideoPlanInput } from '../src/plan/index.ts';
import { startFakeChatServer, type FakeChatServer } from './support/fake-chat-server.ts';

// The rule-based director is being rewritten; a fixed draft keeps these tests about the planner alone.
vi.mock('../src/director/direct.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/director/direct.ts')>();
  const { parsePlan } = await import('../src/plan/index.ts');
  return {
    ...real,
    directPrompt: (prompt: string, options: DirectOptions) =>
      parsePlan(draftInput(real.validatePrompt(prompt), options)),
  };
});

function draftInput(prompt: string, o: DirectOptions): VideoPlanInput {
  return {
    version: 1,
    seed: o.seed,
    output: { width: o.width, height: o.height, fps: o.fps, durationSec: o.durationSec },
    ...(o.style ? { style: { preset: o.style } } : {}),
    shots: [
      {
        id: 'shot-1',
        start: 0,
        end: o.durationSec,
        setting: 'city-street',
        camera: {
          viewpoint: 'static',
          move: 'static',
          keyframes: [{ t: 0, position: { x: 0, y: 1.6, z: -8 }, lookAt: { x: 0, y: 1.5, z: 10 } }],
        },
        entities: [
          {
            id: 'walker',
            kind: 'person',
            label: 'a woman',
            position: { x: 2, y: 0, z: 0 },
            motion: { type: 'walk', speed: 1.4 },
          },
        ],
      },
    ],
    provenance: { prompt, language: 'en' },
    understood: [{ start: 2, end: 7, text: prompt.slice(2, 7), category: 'entity', concept: 'person' }],
  };
}

const PROMPT = 'A woman walks past a pirate ship moored in a foggy harbour, then a sea monster surfaces';
const options: DirectOptions = { seed: 7, width: 1280, height: 720, fps: 24, durationSec: 4 };

/** What a model might answer: two shots, with output, seed, version and provenance it has no say over. */
const modelPlan = {
  version: 2,
  seed: 999,
  output: { width: 640, height: 480, fps: 30, durationSec: 4 },
  style: {
    preset: 'cinematic',
    grade: { contrast: 1.2, saturation: 0.9, warmth: -0.2, vignette: 0.4, grain: 0.2 },
  },
  shots: [
    {
      id: 'harbour',
      start: 0,
      end: 2.5,
      setting: 'sea',
      timeOfDay: 'dawn',
      weather: 'fog',
      atmosphere: { fog: 0.8, haze: 0.4, particles: 'spray' },
      camera: {
        viewpoint: 'static',
        move: 'pan-right',
        keyframes: [
          { t: 0, position: { x: -20, y: 5, z: -30 }, lookAt: { x: 0, y: 3, z: 0 } },
          { t: 2.5, position: { x: -18, y: 5, z: -30 }, lookAt: { x: 5, y: 3, z: 0 } },
        ],
      },
      entities: [
        {
          id: 'pirate-ship',
          kind: 'ship',
          label: 'a pirate ship',
          traits: { era: '17th century' },
          position: { x: 0, y: 0, z: 0 },
          motion: { type: 'idle' },
        },
      ],
    },
    {
      id: 'monster',
      start: 2.5,
      end: 4,
      setting: 'sea',
      timeOfDay: 'dawn',
      weather: 'fog',
      camera: {
        viewpoint: 'handheld',
        move: 'tilt-up',
        keyframes: [{ t: 0, position: { x: 0, y: 5, z: -25 }, lookAt: { x: 0, y: 8, z: 0 } }],
        shake: 0.4,
      },
      entities: [
        {
          id: 'serpent',
          kind: 'sea-monster',
          label: 'a sea monster',
          position: { x: 0, y: -4, z: 10 },
          motion: { type: 'rise', speed: 3 },
        },
      ],
      events: [
        { t: 0.2, type: 'surface', entityId: 'serpent', description: 'the monster breaks the surface' },
      ],
    },
  ],
  audio: { ambience: [{ kind: 'sea', gain: 0.6 }], effects: [{ t: 2.7, kind: 'roar' }] },
  provenance: { prompt: 'something else entirely', language: 'zh' },
};

/** The model's plan as Kino must return it: the request decides version, seed, output and provenance. */
function expectedFromModel(plan: Record<string, unknown>, o: DirectOptions = options) {
  return parsePlan({
    ...plan,
    version: 1,
    seed: o.seed,
    output: { width: o.width, height: o.height, fps: o.fps, durationSec: o.durationSec },
    provenance: { prompt: PROMPT, language: 'en' },
  });
}

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function llmEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    KINO_PLANNER: 'llm',
    KINO_LLM_BASE_URL: server.baseURL,
    KINO_LLM_API_KEY: server.apiKey,
    KINO_LLM_MODEL: 'kino-test-model',
    KINO_LLM_TIMEOUT_MS: '300',
    ...extra,
  };
}

type ChatBody = {
  model: string;
  messages: { role: string; content: string }[];
  response_format: {
    type: string;
    json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
  };
};

describe('planPrompt with KINO_PLANNER=llm and a model that answers well', () => {
  it("returns the model's plan, with the requested output, seed, version and prompt forced onto it", async () => {
    server.reply({ type: 'plan', plan: modelPlan });
    const result = await planPrompt(PROMPT, options, llmEnv());
    expect(result.planner).toBe('llm');
    expect(result.fallbackReason).toBeUndefined();
    expect(result.plan).toEqual(expectedFromModel(modelPlan));
    expect(result.plan.output).toEqual({ width: 1280, height: 720, fps: 24, durationSec: 4 });
    expect(result.plan.seed).toBe(7);
    expect(result.plan.version).toBe(1);
    expect(result.plan.provenance.prompt).toBe(PROMPT);
    expect(result.plan.shots.map((s) => s.id)).toEqual(['harbour', 'monster']);
  });

  it('sends the prompt, the fixed settings, the draft and the plan JSON Schema as structured output', async () => {
    server.reply({ type: 'plan', plan: modelPlan });
    await planPrompt(PROMPT, options, llmEnv());
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${server.apiKey}`);

    const body = request.body as ChatBody;
    expect(body.model).toBe('kino-test-model');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.name).toBe('video_plan');
    expect(body.response_format.json_schema.strict).toBe(false);
    const { $schema: _dialect, ...schema } = planJsonSchema();
    expect(body.response_format.json_schema.schema).toEqual(schema);

    const [system, user] = body.messages;
    expect(system?.role).toBe('system');
    expect(system?.content).toMatch(/metres/);
    expect(system?.content).toMatch(/y is up/);
    expect(system?.content).toMatch(/Shots tile \[0, durationSec\]/);
    expect(user?.role).toBe('user');
    expect(user?.content).toContain(JSON.stringify(PROMPT));
    expect(user?.content).toContain('1280x720, 24 fps, 4 s, seed 7');
    // The draft travels as concrete JSON, without the bulky lexicon spans.
    expect(user?.content).toContain('"id":"walker"');
    expect(user?.content).toContain('"position":{"x":2,"y":0,"z":0}');
    expect(user?.content).not.toContain('"understood"');
  });

  it('forces a style the user chose over the one the model picked', async () => {
    server.reply({ type: 'plan', plan: modelPlan });
    const styled = { ...options, style: 'film-noir' as const };
    const result = await planPrompt(PROMPT, styled, llmEnv());
    expect(result.planner).toBe('llm');
    expect(result.plan.style.preset).toBe('film-noir');
    expect(result.plan.style.grade.contrast).toBe(1.2);
    const user = (server.requests[0]!.body as ChatBody).messages[1]!.content;
    expect(user).toContain('Style preset chosen by the user (Kino enforces it): film-noir.');
  });

  it('accepts JSON wrapped in a Markdown code fence', async () => {
    server.reply({ type: 'content', content: '```json\n' + JSON.stringify(modelPlan, null, 2) + '\n```' });
    const result = await planPrompt(PROMPT, options, llmEnv());
    expect(result.planner).toBe('llm');
    expect(result.plan).toEqual(expectedFromModel(modelPlan));
  });

  it('keeps only the understood spans that really are in the prompt', async () => {
    const understood = [
      { start: 2, end: 7, text: 'woman', category: 'entity', concept: 'person' },
      { start: 0, end: 5, text: 'dragon', category: 'entity', concept: 'sea-monster' },
      { start: 500, end: 510, text: 'elsewhere', category: 'entity', concept: 'ship' },
    ];
    server.reply({ type: 'plan', plan: { ...modelPlan, understood } });
    const result = await planPrompt(PROMPT, options, llmEnv());
    expect(result.planner).toBe('llm');
    expect(result.plan.understood).toEqual([understood[0]]);
  });
});

describe('planPrompt with KINO_PLANNER=llm falls back to the rules', () => {
  /** Plans with the scripted reply; asserts a rules plan, a reason matching `reason`, and a prompt finish. */
  async function expectFallback(reason: RegExp, env = llmEnv()): Promise<string> {
    const started = performance.now();
    const result = await planPrompt(PROMPT, options, env);
    const elapsed = performance.now() - started;
    expect(result.planner).toBe('rules');
    expect(() => parsePlan(result.plan)).not.toThrow();
    expect(result.plan).toEqual(directPrompt(PROMPT, options));
    expect(result.fallbackReason).toMatch(reason);
    // The timeout is 300 ms: nothing may wait much longer than that.
    expect(elapsed).toBeLessThan(2000);
    return result.fallbackReason!;
  }

  it('when the answer is not JSON', async () => {
    server.reply({ type: 'content', content: 'Sure! Here is your plan: a ship, a monster, some fog.' });
    await expectFallback(/kino-test-model's answer is not JSON .*Sure! Here is your plan/);
  });

  it('when the answer is JSON but not an object', async () => {
    server.reply({ type: 'content', content: '[1, 2, 3]' });
    await expectFallback(/not an object/);
  });

  it('when the plan breaks the schema, naming the field', async () => {
    const bad = structuredClone(modelPlan);
    bad.shots[1]!.entities[0]!.kind = 'dragon';
    server.reply({ type: 'plan', plan: bad });
    await expectFallback(/plan is invalid: shots\[1\]\.entities\[0\]\.kind/);
  });

  it("when the model's shots do not tile the requested duration", async () => {
    const longer = structuredClone(modelPlan);
    longer.shots[1]!.end = 10;
    server.reply({ type: 'plan', plan: longer });
    await expectFallback(
      /plan is invalid: shots\[1\]\.end: the last shot ends at 10 but output\.durationSec is 4/,
    );
  });

  it('when the model does not answer within KINO_LLM_TIMEOUT_MS', async () => {
    server.reply({ type: 'delay', ms: 5000, then: { type: 'plan', plan: modelPlan } });
    const started = performance.now();
    await expectFallback(/kino-test-model did not answer within 300 ms/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('when the endpoint answers HTTP 500', async () => {
    server.reply({
      type: 'error',
      status: 500,
      message: 'The server had an error while processing your request.',
    });
    await expectFallback(/answered HTTP 500: The server had an error while processing your request\./);
    // No retries: a retry would spend the user's deadline.
    expect(server.requests).toHaveLength(1);
  });

  it('when the endpoint is rate limited (HTTP 429)', async () => {
    server.reply({
      type: 'error',
      status: 429,
      message: 'Rate limit reached for requests',
      errorType: 'requests',
      code: 'rate_limit_exceeded',
    });
    await expectFallback(/answered HTTP 429: Rate limit reached/);
    expect(server.requests).toHaveLength(1);
  });

  it('when the API key is wrong (HTTP 401)', async () => {
    server.reply({ type: 'plan', plan: modelPlan });
    await expectFallback(/answered HTTP 401: Incorrect API key/, llmEnv({ KINO_LLM_API_KEY: 'sk-wrong' }));
  });

  it('when the model refuses', async () => {
    server.reply({ type: 'refusal', refusal: "I'm sorry, I can't help with that request." });
    await expectFallback(/kino-test-model refused: I'm sorry, I can't help with that request\./);
  });

  it('when the content filter withholds the answer', async () => {
    server.reply({ type: 'content', content: null, finishReason: 'content_filter' });
    await expectFallback(/withheld by its content filter/);
  });

  it('when the answer is cut off at the token limit', async () => {
    server.reply({
      type: 'content',
      content: JSON.stringify(modelPlan).slice(0, 200),
      finishReason: 'length',
    });
    await expectFallback(/cut off at its output token limit/);
  });

  it('when the answer is empty', async () => {
    server.reply({ type: 'content', content: '' });
    await expectFallback(/answered with no content/);
  });

  it('when nothing listens at the base URL', async () => {
    const gone = await startFakeChatServer();
    await gone.close();
    await expectFallback(
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/v1/,
      llmEnv({ KINO_LLM_BASE_URL: gone.baseURL }),
    );
  });
});

describe('planPrompt configuration', () => {
  it('uses the rules without any network when KINO_PLANNER is unset, empty or rules', async () => {
    server.reply({ type: 'plan', plan: modelPlan });
    for (const planner of [undefined, '', 'rules']) {
      const result = await planPrompt(PROMPT, options, llmEnv({ KINO_PLANNER: planner }));
      expect(result).toEqual({ plan: directPrompt(PROMPT, options), planner: 'rules' });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('rejects an unknown KINO_PLANNER, listing the planners', async () => {
    const err = await planPrompt(PROMPT, options, { KINO_PLANNER: 'bogus' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KinoError);
    expect(err).toMatchObject({ code: 'invalid_option', param: 'KINO_PLANNER' });
    expect((err as KinoError).message).toMatch(/"bogus".*rules, llm/);
  });

  it.each([
    ['KINO_LLM_BASE_URL', { KINO_PLANNER: 'llm', KINO_LLM_MODEL: 'kino-test-model' }],
    ['KINO_LLM_MODEL', { KINO_PLANNER: 'llm', KINO_LLM_BASE_URL: 'http://127.0.0.1:1/v1' }],
  ])('says llm needs %s when it is missing', async (name, env) => {
    const err = await planPrompt(PROMPT, options, env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KinoError);
    expect(err).toMatchObject({ code: 'invalid_option', param: name });
    expect((err as KinoError).message).toContain(`KINO_PLANNER=llm needs ${name}`);
  });

  it('rejects a base URL that is not a URL and a timeout that is not a number of milliseconds', async () => {
    await expect(
      planPrompt(PROMPT, options, llmEnv({ KINO_LLM_BASE_URL: 'localhost:8080' })),
    ).rejects.toMatchObject({
      code: 'invalid_option',
      param: 'KINO_LLM_BASE_URL',
    });
    await expect(planPrompt(PROMPT, options, llmEnv({ KINO_LLM_TIMEOUT_MS: '20s' }))).rejects.toMatchObject({
      code: 'invalid_option',
      param: 'KINO_LLM_TIMEOUT_MS',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('throws cancelled, rather than falling back, when the caller aborts', async () => {
    server.reply({ type: 'delay', ms: 5000, then: { type: 'plan', plan: modelPlan } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await planPrompt(
      PROMPT,
      { ...options, signal: controller.signal },
      llmEnv({ KINO_LLM_TIMEOUT_MS: '5000' }),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'cancelled' });
  });

  it('still rejects a bad prompt before asking anyone', async () => {
    await expect(planPrompt('   ', options, llmEnv())).rejects.toMatchObject({ code: 'invalid_prompt' });
    expect(server.requests).toHaveLength(0);
  });
});
