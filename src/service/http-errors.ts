/**
 * The one place errors become HTTP responses: `{ error: { code, message, param, type } }`, OpenAI's
 * shape, with the status each `KinoError` code stands for. Nothing else (no stack, no internals) leaves.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isKinoError, type KinoErrorCode } from '../errors.ts';
import type { Logger } from './logging.ts';

const STATUS: Record<KinoErrorCode, ContentfulStatusCode> = {
  invalid_prompt: 400,
  invalid_size: 400,
  invalid_duration: 400,
  invalid_fps: 400,
  invalid_option: 400,
  invalid_plan: 400,
  invalid_request: 400,
  invalid_media: 400,
  unsupported_media: 415,
  video_not_ready: 400,
  // An edit of a video that has not completed: retry once it has.
  source_not_ready: 409,
  backend_unavailable: 503,
  backend_failed: 502,
  invalid_api_key: 401,
  insufficient_credits: 402,
  plan_limit_exceeded: 403,
  not_found: 404,
  file_not_found: 404,
  already_exists: 409,
  payload_too_large: 413,
  invalid_credentials: 401,
  invalid_session: 401,
  moderation_blocked: 400,
  rate_limit_exceeded: 429,
  signups_paused: 503,
  output_unwritable: 500,
  ffmpeg_missing: 500,
  ffmpeg_failed: 500,
  render_failed: 500,
  provenance_failed: 500,
  cancelled: 503,
};

/** Server-side refusals whose message tells the client what to do and reveals no internals. */
const SAYS_WHAT_TO_DO: ReadonlySet<KinoErrorCode> = new Set(['signups_paused', 'backend_unavailable']);

export function errorBody(code: string, message: string, param: string | null, status: number) {
  return {
    error: { code, message, param, type: status >= 500 ? 'server_error' : 'invalid_request_error' },
  };
}

export function onError(err: Error, c: Context): Response {
  if (isKinoError(err)) {
    const status = STATUS[err.code];
    if (status < 500 || SAYS_WHAT_TO_DO.has(err.code))
      return c.json(errorBody(err.code, err.message, err.param ?? null, status), status);
    logInternal(c, err);
    return c.json(
      errorBody(err.code, 'the server could not complete the request; try again later', null, status),
      status,
    );
  }
  if (err instanceof HTTPException && err.status < 500) {
    const status = err.status as ContentfulStatusCode;
    return c.json(errorBody('invalid_request', err.message || 'invalid request', null, status), status);
  }
  logInternal(c, err);
  return c.json(
    errorBody('internal_error', 'the server hit an unexpected error; try again later', null, 500),
    500,
  );
}

function logInternal(c: Context, err: Error): void {
  // The request's structured logger (logging.ts) when the app has one, so the failure carries its request id.
  const log = c.get('log') as Logger | undefined;
  if (log)
    return log.log('error', 'internal_error', { method: c.req.method, path: c.req.path, stack: err.stack });
  process.stderr.write(`kino serve: ${c.req.method} ${c.req.path} failed: ${err.stack ?? String(err)}\n`);
}
