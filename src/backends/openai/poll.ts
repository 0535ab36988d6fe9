/**
 * Waits for an OpenAI video job to finish by polling `GET /videos/{id}`. The JS SDK has no polling
 * helper; OpenAI suggests the next interval in an `openai-poll-after-ms` header, which is honoured
 * (within bounds), otherwise the interval grows from `minMs` to `maxMs`.
 */
import type OpenAI from 'openai';
import { KinoError, isKinoError } from '../../errors.ts';
import { openAiRequestError, openAiVideoFailure } from './map-error.ts';

export type OpenAiVideo = OpenAI.Videos.Video;

export interface PollOptions {
  /** First interval, and the floor for OpenAI's hint. */
  readonly minMs: number;
  /** The interval never grows past this, whatever the hint says. */
  readonly maxMs: number;
  /** Per-request timeout for each retrieve. */
  readonly requestTimeoutMs: number;
  /**
   * How many polls in a row may fail on the network or with a 5xx (after the SDK's own retries) before
   * the job is given up: a server restart or a dropped connection mid-job should not lose the video.
   */
  readonly maxConsecutiveFailures: number;
  readonly signal: AbortSignal;
  readonly onUpdate?: (video: OpenAiVideo) => void;
}

const GROWTH = 1.5;

/** Resolves with the completed video; throws a KinoError when it failed, on abort, or when polling fails. */
export async function pollUntilDone(
  client: OpenAI,
  first: OpenAiVideo,
  options: PollOptions,
): Promise<OpenAiVideo> {
  let video = first;
  let interval = options.minMs;
  let hint: number | undefined;
  let failures = 0;
  for (;;) {
    if (video.status === 'completed') return video;
    if (video.status === 'failed') throw openAiVideoFailure(video.id, video.error);
    await sleep(hint ?? interval, options.signal);
    interval = Math.min(options.maxMs, interval * GROWTH);
    try {
      const id = video.id;
      const { data, response } = await linkedSignal(options.signal, (signal) =>
        client.videos.retrieve(id, { signal, timeout: options.requestTimeoutMs }).withResponse(),
      );
      video = data;
      failures = 0;
      hint = pollHint(response.headers.get('openai-poll-after-ms'), options);
      options.onUpdate?.(video);
    } catch (err) {
      const mapped = openAiRequestError(err, `Checking OpenAI video ${video.id}`);
      if (options.signal.aborted) throw abortError(options.signal);
      if (!isTransient(err, mapped) || ++failures > options.maxConsecutiveFailures) {
        throw mapped;
      }
      hint = undefined;
    }
  }
}

function pollHint(header: string | null, options: PollOptions): number | undefined {
  const ms = header === null ? NaN : Number(header);
  return Number.isFinite(ms) && ms >= 0 ? Math.min(options.maxMs, Math.max(options.minMs, ms)) : undefined;
}

function isTransient(err: unknown, mapped: KinoError): boolean {
  if (!['backend_unavailable', 'backend_failed', 'rate_limit_exceeded'].includes(mapped.code)) return false;
  if ((err as { code?: unknown }).code === 'insufficient_quota') return false;
  const status = (err as { status?: unknown }).status;
  return status === undefined || status === 429 || (typeof status === 'number' && status >= 500);
}

/**
 * Runs one request under its own signal that follows `parent`. The SDK adds an abort listener to the
 * signal of every request and never removes it, so a long job polling on one signal would pile them up.
 */
export async function linkedSignal<T>(
  parent: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const child = new AbortController();
  const forward = () => child.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  try {
    return await fn(child.signal);
  } finally {
    parent.removeEventListener('abort', forward);
  }
}

/** setTimeout that rejects with `cancelled` as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(abortError(signal));
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Why an aborted job stopped: the KinoError it was aborted with (a timeout), else `cancelled`. */
export function abortError(signal: AbortSignal): KinoError {
  const reason: unknown = signal.reason;
  return isKinoError(reason)
    ? reason
    : new KinoError('cancelled', 'The OpenAI video job was cancelled.', undefined, { cause: reason });
}
