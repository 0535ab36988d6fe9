/**
 * The bodies of the editing endpoints: one zod schema each (also the OpenAPI request bodies), read from
 * JSON or multipart, and the number checks they share. Errors name the parameter and say what is allowed.
 */
import type { HonoRequest } from 'hono';
import { z } from 'zod';
import {
  BLEND_PRESETS,
  LOOP_LENGTHS,
  MAX_LOOP_SEC,
  REMIX_STRENGTHS,
  Storyboard,
  StoryboardCard,
} from '../edit/index.ts';
import { KinoError } from '../errors.ts';
import { MAX_DURATION_SEC } from '../plan/index.ts';

const num = z.union([z.number(), z.string()]);
const videoRef = z.strictObject({ id: z.string() });

export const RemixBody = z.strictObject({
  prompt: z.string(),
  /** Kino: how far the remix may move from the source; 'mild' by default. */
  strength: z.enum(REMIX_STRENGTHS).optional(),
});
/** Multipart: `video` is a file, or `video[id]` a text field. */
export const EditsBody = z.strictObject({ prompt: z.string(), video: videoRef });
export const ExtensionsBody = z.strictObject({
  prompt: z.string(),
  /** Seconds added; the new video's `seconds` is the stitched total. */
  seconds: num,
  video: videoRef,
  /** Kino: add the time before the start instead of after the end. */
  direction: z.enum(['forward', 'backward']).optional(),
});
export const RecutBody = z.strictObject({ from: num, to: num, seconds: num.optional() });
export const LoopBody = z.strictObject({
  seconds: num.optional(),
  length: z.enum(Object.keys(LOOP_LENGTHS) as [keyof typeof LOOP_LENGTHS]).optional(),
});
export const BlendBody = z.strictObject({
  video_ids: z.tuple([z.string(), z.string()]),
  /** A preset (`transition`, `mix`, `sample`) or points "t:w,…" with t and w from 0 to 1. */
  curve: z.string().optional(),
  prompt: z.string().optional(),
});
/**
 * A storyboard (see docs/editing.md) for the API: a media card names one of the caller's completed videos
 * (`video_id`) or carries its file (a data: URL, or a multipart part); see storyboard-request.ts.
 */
export const StoryboardBody = Storyboard.safeExtend({
  cards: z
    .array(
      StoryboardCard.safeExtend({
        video_id: z.string().optional().describe('one of your completed videos, shown as a video card'),
      }),
    )
    .min(1)
    .describe('each card a prompt, an image or a video; image and video as data: URLs or multipart parts'),
});

export const BLEND_CURVE_HELP = `${BLEND_PRESETS.join(', ')} or points such as "0:0,1:1"`;

/** JSON, multipart or urlencoded, as a plain object; a field sent twice is refused. */
export async function readBody(req: HonoRequest): Promise<Record<string, unknown>> {
  const type = req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  let body: unknown;
  if (type === 'application/json') {
    try {
      body = JSON.parse(await req.text()) as unknown;
    } catch (err) {
      throw new KinoError('invalid_request', `the body is not valid JSON: ${(err as Error).message}`);
    }
  } else if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    body = await req.parseBody({ all: true }).catch(() => {
      throw new KinoError('invalid_request', 'the multipart body could not be parsed');
    });
    for (const [key, value] of Object.entries(body as object)) {
      if (Array.isArray(value)) throw new KinoError('invalid_request', `${key} was sent more than once`, key);
    }
  } else {
    throw new KinoError(
      'invalid_request',
      `unsupported Content-Type ${JSON.stringify(type)}; send application/json or multipart/form-data`,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KinoError('invalid_request', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Validates with the schema, turning the first issue into an error that names its field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw new KinoError('invalid_request', `unknown parameter ${JSON.stringify(key)}`, key);
  }
  const param = issue.path.map(String).join('.');
  const problem = issue.input === undefined ? 'is required' : issue.message;
  throw new KinoError('invalid_request', `${param || 'the body'} ${problem}`, param || undefined);
}

/** A number of seconds (numbers come as text in multipart) within [min, max]. */
export function secondsField(
  value: string | number | undefined,
  param: string,
  range: { min: number; max: number; exclusiveMin?: boolean },
): number {
  const n =
    typeof value === 'number' ? value : value === undefined || value.trim() === '' ? NaN : Number(value);
  const low = range.exclusiveMin ? n <= range.min : n < range.min;
  if (!Number.isFinite(n) || low || n > range.max) {
    throw new KinoError(
      'invalid_request',
      `${param} must be a number of seconds ${range.exclusiveMin ? 'over' : 'from'} ${range.min} ` +
        `${range.exclusiveMin ? 'and at most' : 'to'} ${range.max}; got ${JSON.stringify(value)}`,
      param,
    );
  }
  return n;
}

export const MAX_EDIT_SEC = MAX_DURATION_SEC;
export { MAX_LOOP_SEC };
