/**
 * Turns what the OpenAI SDK throws (and a video that ended `failed`) into KinoErrors whose messages say
 * what went wrong on OpenAI's side and what the operator can do about it.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { KinoError, isKinoError } from '../../errors.ts';

/** For messages: OpenAI's own words, without a trailing full stop we add back ourselves. */
function theirWords(message: string | undefined): string {
  return (message ?? '').trim().replace(/\.$/, '') || 'no reason given';
}

export function openAiRequestError(err: unknown, what: string): KinoError {
  if (isKinoError(err)) return err;
  if (err instanceof APIUserAbortError) {
    return new KinoError('cancelled', `${what} was cancelled.`, undefined, { cause: err });
  }
  if (err instanceof APIConnectionTimeoutError) {
    return new KinoError(
      'backend_unavailable',
      `${what}: OpenAI did not answer in time (after the SDK's retries); try again later.`,
      undefined,
      { cause: err },
    );
  }
  if (err instanceof APIConnectionError) {
    return new KinoError(
      'backend_unavailable',
      `${what}: could not reach the OpenAI API (${theirWords(err.cause instanceof Error ? err.cause.message : err.message)}); ` +
        'check OPENAI_BASE_URL and the network, then try again.',
      undefined,
      { cause: err },
    );
  }
  if (err instanceof APIError) {
    const said = theirWords(err.message.replace(/^\d{3}\s+/, ''));
    if (err.code === 'moderation_blocked') {
      return new KinoError(
        'moderation_blocked',
        `OpenAI's moderation refused this request: ${said}. Rephrase the prompt and try again.`,
        'prompt',
        { cause: err },
      );
    }
    if (err.code === 'insufficient_quota' || err.type === 'insufficient_quota') {
      return new KinoError(
        'backend_unavailable',
        `The OpenAI account behind this Kino server has run out of quota (insufficient_quota): ${said}. ` +
          'The operator must add credit or raise the limit at platform.openai.com, or use another backend.',
        undefined,
        { cause: err },
      );
    }
    if (err.status === 429) {
      return new KinoError(
        'rate_limit_exceeded',
        `OpenAI is rate limiting this server's requests and still was after retrying: ${said}. Try again in a minute.`,
        undefined,
        { cause: err },
      );
    }
    if (err.status === 401 || err.status === 403) {
      return new KinoError(
        'backend_unavailable',
        `OpenAI rejected the server's OPENAI_API_KEY (HTTP ${err.status}): ${said}. ` +
          'The operator must set a valid key with access to the video models.',
        'OPENAI_API_KEY',
        { cause: err },
      );
    }
    if (err.status === 400 || err.status === 404 || err.status === 422) {
      return new KinoError(
        'invalid_request',
        `${what}: OpenAI refused the request (HTTP ${err.status}${err.code ? `, ${err.code}` : ''}): ${said}.`,
        err.param ?? undefined,
        { cause: err },
      );
    }
    return new KinoError(
      'backend_failed',
      `${what}: OpenAI answered HTTP ${err.status ?? 'error'}${err.code ? ` (${err.code})` : ''}: ${said}. Try again later.`,
      undefined,
      { cause: err },
    );
  }
  return new KinoError('backend_failed', `${what} failed: ${String(err)}`, undefined, { cause: err });
}

/** A video whose status became `failed`: its `error` says why. */
export function openAiVideoFailure(
  videoId: string,
  error: { readonly code?: string; readonly message?: string } | null | undefined,
): KinoError {
  const said = theirWords(error?.message);
  if (error?.code === 'moderation_blocked') {
    return new KinoError(
      'moderation_blocked',
      `OpenAI's moderation blocked video ${videoId}: ${said}. Rephrase the prompt and try again.`,
      'prompt',
    );
  }
  return new KinoError(
    'backend_failed',
    `OpenAI could not generate video ${videoId}${error?.code ? ` (${error.code})` : ''}: ${said}.`,
  );
}
