/**
 * The OpenAPI 3.1 document served at `/openapi.json`. Request bodies come from the same zod schemas the
 * routes validate with, and the VideoPlan from the plan's own schema; the response objects are written
 * out here. `test/service/openapi.test.ts` checks that every route the app registers is in `OPERATIONS`.
 */
import { z } from 'zod';
import { KINO_VERSION } from '../config.ts';
import { planJsonSchema } from '../plan/index.ts';
import { LoginBody, SignUpBody } from './accounts-routes.ts';
import { CreateVideoBody } from './create-video-request.ts';
import {
  BlendBody,
  EditsBody,
  ExtensionsBody,
  LoopBody,
  RecutBody,
  RemixBody,
  StoryboardBody,
} from './edit-requests.ts';
import { PlanPreviewBody } from './plan-preview-routes.ts';
import { CREDENTIALS_COMPONENTS, CREDENTIALS_OPERATION } from './credentials-openapi.ts';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: z.ZodType): Schema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export interface Operation {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `{id}`, not `:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** Bearer API key (or session cookie) required. */
  readonly auth: boolean;
  readonly request?: Schema;
  /** JSON response schema, or a media type for other bodies. */
  readonly response: Schema | { readonly mediaType: string };
  readonly parameters?: readonly Schema[];
}

const idParam = (name: string, description: string): Schema => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const VIDEO_ID = idParam('id', 'the video id (`video_…`)');
const object = (props: Record<string, Schema>, required = Object.keys(props)): Schema => ({
  type: 'object',
  properties: props,
  required,
});
const ANY_OBJECT: Schema = { type: 'object', additionalProperties: true };

const WebhookBody = z.strictObject({ url: z.url() });
const SignupSwitch = z.strictObject({ paused: z.boolean() });

/** An editing endpoint: a body in, a new queued video object out. */
function editOperation(path: string, summary: string, schema: z.ZodType, withId = false): Operation {
  return {
    method: 'post',
    path,
    summary,
    tag: 'editing',
    auth: true,
    request: body(schema),
    response: ref('Video'),
    ...(withId ? { parameters: [idParam('id', 'the source video id (`video_…`), completed')] } : {}),
  };
}

export const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness',
    tag: 'ops',
    auth: false,
    response: object({ status: { type: 'string' } }),
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: database, data dir, ffmpeg, draining',
    tag: 'ops',
    auth: false,
    response: ANY_OBJECT,
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag: 'ops',
    auth: false,
    response: { mediaType: 'text/plain' },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tag: 'ops',
    auth: false,
    response: ANY_OBJECT,
  },
  {
    method: 'get',
    path: '/v1/status',
    summary: 'Public service status for the studio: sign-ups paused, queue busy, plan limits, prompt limit',
    tag: 'ops',
    auth: false,
    response: object({
      object: { const: 'service_status' },
      signups: object({
        open: { type: 'boolean' },
        reason: { type: ['string', 'null'], enum: ['load', 'admin', null] },
        message: { type: ['string', 'null'] },
      }),
      queue: object({
        busy: { type: 'boolean' },
        waiting: { type: 'integer' },
        running: { type: 'integer' },
        workers: { type: 'integer' },
      }),
      plans: { type: 'object', additionalProperties: ANY_OBJECT },
      max_prompt_chars: { type: 'integer' },
      styles: { type: 'array', items: { type: 'string' } },
    }),
  },
  {
    method: 'get',
    path: '/admin/signups',
    summary: 'Whether sign-ups are paused (admin token)',
    tag: 'admin',
    auth: true,
    response: ANY_OBJECT,
  },
  {
    method: 'put',
    path: '/admin/signups',
    summary: 'Pause or resume sign-ups (admin token)',
    tag: 'admin',
    auth: true,
    request: body(SignupSwitch),
    response: ANY_OBJECT,
  },
  {
    method: 'post',
    path: '/v1/accounts',
    summary: 'Sign up: an account, its login and a first API key',
    tag: 'accounts',
    auth: false,
    request: body(SignUpBody),
    response: ANY_OBJECT,
  },
  {
    method: 'post',
    path: '/v1/sessions',
    summary: 'Log in (sets a session cookie)',
    tag: 'accounts',
    auth: false,
    request: body(LoginBody),
    response: ANY_OBJECT,
  },
  {
    method: 'delete',
    path: '/v1/sessions/current',
    summary: 'Log out',
    tag: 'accounts',
    auth: true,
    response: ANY_OBJECT,
  },
  {
    method: 'get',
    path: '/v1/me',
    summary: 'The calling account',
    tag: 'accounts',
    auth: true,
    response: ANY_OBJECT,
  },
  {
    method: 'get',
    path: '/v1/keys',
    summary: "List the account's API keys",
    tag: 'accounts',
    auth: true,
    response: ANY_OBJECT,
  },
  {
    method: 'post',
    path: '/v1/keys',
    summary: 'Create an API key (shown once)',
    tag: 'accounts',
    auth: true,
    response: ANY_OBJECT,
  },
  {
    method: 'delete',
    path: '/v1/keys/{id}',
    summary: 'Delete an API key',
    tag: 'accounts',
    auth: true,
    parameters: [idParam('id', 'the key id (`key_…`)')],
    response: ANY_OBJECT,
  },
  {
    method: 'post',
    path: '/v1/videos',
    tag: 'videos',
    auth: true,
    summary:
      'Create a video (OpenAI Videos API). With `n` > 1, a list of variations, each with its own id and seed',
    request: body(
      CreateVideoBody.extend({
        input_reference: z
          .object({ image_url: z.string() })
          .optional()
          .describe(
            'An image to animate: the multipart file `input_reference`, or `image_url` as a data: URL (no remote URLs)',
          ),
      }),
    ),
    response: {
      oneOf: [
        ref('Video'),
        object({ object: { const: 'list' }, data: { type: 'array', items: ref('Video') } }, [
          'object',
          'data',
        ]),
      ],
    },
  },
  editOperation('/v1/videos/{id}/remix', 'Remix a completed video (OpenAI): `{prompt}`', RemixBody, true),
  editOperation(
    '/v1/videos/edits',
    'Edit a video (OpenAI; multipart): `prompt` and the file `video` or `video[id]`; a remix',
    EditsBody,
  ),
  editOperation(
    '/v1/videos/extensions',
    'Extend a video (OpenAI; multipart): `prompt`, `seconds` added, the file `video` or `video[id]`',
    ExtensionsBody,
  ),
  editOperation(
    '/v1/videos/{id}/recut',
    'Re-cut (Kino): keep [from, to], widened to `seconds` if given',
    RecutBody,
    true,
  ),
  editOperation('/v1/videos/{id}/loop', 'A seamless loop (Kino): `seconds` or `length`', LoopBody, true),
  editOperation('/v1/videos/blends', 'Blend two videos (Kino) along a curve', BlendBody),
  editOperation(
    '/v1/storyboards',
    'One video from a storyboard (Kino) of prompt, image and video cards. A media card names one of your ' +
      'completed videos with `video_id`, or uploads its file: multipart parts `cards[<i>][image]` / ' +
      '`cards[<i>][video]` with the document as JSON text in `storyboard`, or a data: URL as `image`/`video`',
    StoryboardBody,
  ),
  CREDENTIALS_OPERATION,
  {
    method: 'get',
    path: '/v1/videos',
    summary: "List the account's videos",
    tag: 'videos',
    auth: true,
    response: ref('VideoList'),
    parameters: [
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
      { name: 'order', in: 'query', schema: { enum: ['asc', 'desc'] } },
      { name: 'after', in: 'query', schema: { type: 'string' } },
    ],
  },
  {
    method: 'get',
    path: '/v1/videos/{id}',
    summary: 'Retrieve a video, with its queue position while queued',
    tag: 'videos',
    auth: true,
    parameters: [VIDEO_ID],
    response: ref('Video'),
  },
  {
    method: 'delete',
    path: '/v1/videos/{id}',
    summary: 'Delete a video (refunds an unfinished one)',
    tag: 'videos',
    auth: true,
    parameters: [VIDEO_ID],
    response: ref('Deleted'),
  },
  {
    method: 'get',
    path: '/v1/videos/{id}/content',
    summary: 'Download the MP4, thumbnail or spritesheet',
    tag: 'videos',
    auth: true,
    parameters: [
      VIDEO_ID,
      { name: 'variant', in: 'query', schema: { enum: ['video', 'thumbnail', 'spritesheet'] } },
    ],
    response: { mediaType: 'video/mp4' },
  },
  {
    method: 'get',
    path: '/v1/videos/{id}/events',
    summary: 'Progress as Server-Sent Events: status, progress, then completed or failed',
    tag: 'videos',
    auth: true,
    parameters: [VIDEO_ID],
    response: { mediaType: 'text/event-stream' },
  },
  {
    method: 'get',
    path: '/v1/models',
    summary: 'The models on offer (OpenAI list), with Kino capabilities, availability and plan access',
    tag: 'models',
    auth: true,
    response: object({ object: { const: 'list' }, data: { type: 'array', items: ref('Model') } }),
  },
  {
    method: 'get',
    path: '/v1/models/{id}',
    summary: 'One model, as in the list (a slash in the id sent as %2F, as SDKs do)',
    tag: 'models',
    auth: true,
    parameters: [idParam('id', 'the model id, e.g. `kino-procedural` or `openai/sora-2`')],
    response: ref('Model'),
  },
  {
    method: 'get',
    path: '/v1/models/{owner}/{name}',
    summary: 'One model whose id has a slash, typed as a path (`/v1/models/comfyui/ltx-video`)',
    tag: 'models',
    auth: true,
    parameters: [
      idParam('owner', 'the part before the slash: `comfyui` or `openai`'),
      idParam('name', 'the part after it, e.g. `ltx-video`'),
    ],
    response: ref('Model'),
  },
  {
    method: 'post',
    path: '/v1/plans',
    summary: 'Plan preview: the VideoPlan and its explanation, no render and no credits',
    tag: 'videos',
    auth: true,
    request: body(PlanPreviewBody),
    response: ref('PlanPreview'),
  },
  {
    method: 'post',
    path: '/v1/webhooks',
    summary: 'Register a webhook URL for video.completed and video.failed',
    tag: 'webhooks',
    auth: true,
    request: body(WebhookBody),
    response: ref('Webhook'),
  },
  {
    method: 'get',
    path: '/v1/webhooks',
    summary: "List the account's webhooks",
    tag: 'webhooks',
    auth: true,
    response: object({ object: { const: 'list' }, data: { type: 'array', items: ref('Webhook') } }, [
      'object',
      'data',
    ]),
  },
  {
    method: 'delete',
    path: '/v1/webhooks/{id}',
    summary: 'Delete a webhook',
    tag: 'webhooks',
    auth: true,
    parameters: [idParam('id', 'the webhook id (`wh_…`)')],
    response: ref('Deleted'),
  },
];

const nullable = (type: string): Schema => ({ type: [type, 'null'] });

const COMPONENTS: Record<string, Schema> = {
  Video: object({
    id: { type: 'string' },
    object: { const: 'video' },
    model: { type: 'string' },
    status: { enum: ['queued', 'in_progress', 'completed', 'failed'] },
    progress: { type: 'integer', minimum: 0, maximum: 100 },
    created_at: { type: 'integer' },
    completed_at: nullable('integer'),
    expires_at: nullable('integer'),
    seconds: { type: 'string' },
    size: { type: 'string' },
    prompt: { type: 'string' },
    remixed_from_video_id: nullable('string'),
    error: { oneOf: [{ type: 'null' }, object({ code: { type: 'string' }, message: { type: 'string' } })] },
    kino: object({
      lane: { enum: ['priority', 'relaxed'] },
      style: nullable('string'),
      seed: { type: 'integer' },
      cost: { type: 'integer' },
      watermark: { type: 'boolean' },
      queue_position: nullable('integer'),
      estimated_start_at: nullable('integer'),
    }),
  }),
  VideoList: object({
    object: { const: 'list' },
    data: { type: 'array', items: ref('Video') },
    has_more: { type: 'boolean' },
    first_id: nullable('string'),
    last_id: nullable('string'),
  }),
  Deleted: object({ id: { type: 'string' }, object: { type: 'string' }, deleted: { const: true } }),
  Model: object({
    id: { type: 'string' },
    object: { const: 'model' },
    created: { type: 'integer' },
    owned_by: { type: 'string' },
    kino: object({
      description: { type: 'string' },
      available: { type: 'boolean', description: 'configured on this server now' },
      unavailable_reason: nullable('string'),
      allowed: { type: 'boolean', description: "the caller's plan may render on it" },
      alias_of: nullable('string'),
      sizes: { type: 'array', items: { type: 'string' }, description: 'WxH sizes within the plan' },
      min_seconds: { type: 'number' },
      max_seconds: { type: 'number', description: "the model's limit and the plan's, whichever is lower" },
      image_input: { type: 'boolean' },
      remix: { type: 'boolean' },
      extend: { type: 'boolean' },
      remix_max_seconds: nullable('number'),
      extend_max_seconds: nullable('number'),
    }),
  }),
  PlanPreview: object({
    object: { const: 'video_plan' },
    planner: { type: 'string' },
    plan: ref('VideoPlan'),
    explanation: { type: 'string' },
    cost: { type: 'integer' },
  }),
  Webhook: object({
    id: { type: 'string' },
    object: { const: 'webhook' },
    url: { type: 'string' },
    events: { type: 'array', items: { enum: ['video.completed', 'video.failed'] } },
    created_at: { type: 'integer' },
    secret: { type: 'string', description: 'whsec_…: Standard Webhooks signing secret, one per account' },
  }),
  Error: object({
    error: object(
      {
        message: { type: 'string' },
        type: { type: 'string' },
        param: nullable('string'),
        code: { type: 'string' },
      },
      ['message', 'code'],
    ),
  }),
};

export function openApiDocument(): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const op of OPERATIONS) {
    const content =
      'mediaType' in op.response
        ? { [op.response.mediaType as string]: {} }
        : { 'application/json': { schema: op.response } };
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth ? {} : { security: [] }),
      ...(op.parameters ? { parameters: op.parameters } : {}),
      ...(op.request
        ? { requestBody: { required: true, content: { 'application/json': { schema: op.request } } } }
        : {}),
      responses: {
        '200': { description: 'OK', content },
        default: { description: 'An error', content: { 'application/json': { schema: ref('Error') } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kino',
      version: KINO_VERSION,
      description: "OpenAI's Videos API, plus Kino's extensions",
    },
    paths,
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API key, sk-kino-…' } },
      schemas: { ...COMPONENTS, ...CREDENTIALS_COMPONENTS, VideoPlan: planJsonSchema() },
    },
  };
}
