/**
 * `POST /v1/videos`: the body (JSON, or multipart as the openai SDK always sends it), its one zod schema,
 * and validation into render settings. Errors name the parameter and say what is allowed.
 */
import type { HonoRequest } from 'hono';
import { z } from 'zod';
import { validatePrompt } from '../director/index.ts';
import { listModels } from '../backends/index.ts';
import { KinoError } from '../errors.ts';
import { STYLE_PRESETS, findOutputSize, type Resolution, type StylePreset } from '../plan/index.ts';
import { parseSettings } from '../pipeline/index.ts';
import { LANES, type Lane } from './plans.ts';

const typed = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${expected}`;

export const CreateVideoBody = z.strictObject({
  prompt: z.string({ error: typed('a string') }),
  model: z.string({ error: typed('a string') }).optional(),
  seconds: z.union([z.string(), z.number()], { error: typed('a string such as "4"') }).optional(),
  size: z.string({ error: typed('a string "WxH" such as "1280x720"') }).optional(),
  // Kino's extensions. Multipart bodies send numbers as text.
  n: z.union([z.string(), z.number()], { error: typed('an integer from 1 to 4') }).optional(),
  style: z.string({ error: typed(`one of ${STYLE_PRESETS.join(', ')}`) }).optional(),
  lane: z.string({ error: typed('"priority" or "relaxed"') }).optional(),
});
export type CreateVideoBody = z.infer<typeof CreateVideoBody>;

/**
 * `model` picks the backend: `kino-procedural` (the default) or any model of the backend registry that is
 * configured here (`comfyui/…`, `openai/…`). OpenAI's own model names are accepted as aliases of the
 * procedural engine, so that existing clients work unchanged without a GPU or an OpenAI key.
 */
export const MODEL_ALIASES: Record<string, string> = {
  'sora-2': 'kino-procedural',
  'sora-2-pro': 'kino-procedural',
};

/**
 * `KINO_MODEL_FALLBACK`: the model that renders when the one asked for is unavailable (not configured
 * here, or its server down at render time), e.g. `kino-procedural`; undefined when not set or unusable.
 */
export function fallbackModel(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = env.KINO_MODEL_FALLBACK?.trim();
  return name && listModels({ env }).some((m) => m.model === name && m.available) ? name : undefined;
}

/** The registry model a request's `model` runs on; throws naming the models on offer when it cannot run. */
export function backendModelFor(model: string): string {
  const alias = MODEL_ALIASES[model];
  if (alias) return alias;
  const models = listModels();
  const found = models.find((m) => m.model === model);
  if (!found) {
    const offered = [...models.filter((m) => m.available).map((m) => m.model), ...Object.keys(MODEL_ALIASES)];
    throw new KinoError(
      'invalid_request',
      `unknown model ${JSON.stringify(model)}; models are ${offered.join(', ')}`,
      'model',
    );
  }
  if (!found.available && !fallbackModel()) {
    throw new KinoError(
      'backend_unavailable',
      `model ${JSON.stringify(model)} is not configured on this server (${found.reason ?? 'unavailable'})`,
      'model',
    );
  }
  return found.model;
}

/** OpenAI's sizes that Kino does not render map to Kino's size of the same orientation. */
const SIZE_ALIASES: Record<string, string> = { '1792x1024': '1920x1080', '1024x1792': '1080x1920' };

/** OpenAI's defaults: a 4 s portrait 720p video. */
const DEFAULT_SIZE = '720x1280';
const DEFAULT_SECONDS = '4';

export interface CreateVideoRequest {
  readonly prompt: string;
  readonly model: string;
  /** The registry model that renders it (`sora-2` is an alias of `kino-procedural`). */
  readonly backendModel: string;
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  readonly resolution: Resolution;
  /** Variations: separate videos of the same prompt, each with its own id and seed. */
  readonly n: number;
  readonly style: StylePreset | undefined;
  readonly lane: Lane;
}

export const MAX_VARIATIONS = 4;

function parseN(value: string | number | undefined): number {
  if (value === undefined) return 1;
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_VARIATIONS) {
    throw new KinoError(
      'invalid_request',
      `n must be an integer from 1 to ${MAX_VARIATIONS}; got ${JSON.stringify(value)}`,
      'n',
    );
  }
  return n;
}

function parseStyle(value: string | undefined): StylePreset | undefined {
  if (value === undefined) return undefined;
  if ((STYLE_PRESETS as readonly string[]).includes(value)) return value as StylePreset;
  throw new KinoError(
    'invalid_request',
    `unknown style ${JSON.stringify(value)}; styles are ${STYLE_PRESETS.join(', ')}`,
    'style',
  );
}

function parseLane(value: string | undefined): Lane {
  if (value === undefined) return 'priority';
  if ((LANES as readonly string[]).includes(value)) return value as Lane;
  throw new KinoError(
    'invalid_request',
    `lane must be ${LANES.join(' or ')}; got ${JSON.stringify(value)}`,
    'lane',
  );
}

export async function readCreateBody(req: HonoRequest): Promise<unknown> {
  const type = req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') {
    const text = await req.text();
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new KinoError('invalid_request', `the body is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    const form = await req.parseBody({ all: true });
    for (const [key, value] of Object.entries(form)) {
      if (typeof value !== 'string' && !key.startsWith('input_reference')) {
        throw new KinoError('invalid_request', `${key} must be a single text field`, key);
      }
    }
    return form;
  }
  throw new KinoError(
    'invalid_request',
    `unsupported Content-Type ${JSON.stringify(type)}; send application/json or multipart/form-data`,
  );
}

export function parseCreateVideo(body: unknown): CreateVideoRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KinoError('invalid_request', 'the body must be a JSON object such as {"prompt": "..."}');
  }
  if (Object.keys(body).some((key) => key.startsWith('input_reference'))) {
    throw new KinoError(
      'invalid_request',
      'input_reference is not accepted here; send it to POST /v1/videos (a file or a data: URL image_url)',
      'input_reference',
    );
  }
  const parsed = CreateVideoBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      throw new KinoError(
        'invalid_request',
        `unknown parameter ${JSON.stringify(key)}; parameters are prompt, model, seconds, size, n, style, lane`,
        key,
      );
    }
    const param = String(issue.path[0] ?? '');
    throw new KinoError('invalid_request', `${param} ${issue.message}`, param || undefined);
  }
  const { prompt, model = 'kino-procedural', seconds = DEFAULT_SECONDS, size = DEFAULT_SIZE } = parsed.data;
  const backendModel = backendModelFor(model);
  const settings = parseSettings({ size: SIZE_ALIASES[size.trim()] ?? size, seconds });
  const output = findOutputSize(settings.width, settings.height)!;
  return {
    prompt: validatePrompt(prompt),
    model,
    backendModel,
    width: settings.width,
    height: settings.height,
    seconds: settings.durationSec,
    resolution: output.resolution,
    n: parseN(parsed.data.n),
    style: parseStyle(parsed.data.style),
    lane: parseLane(parsed.data.lane),
  };
}
