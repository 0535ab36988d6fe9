/**
 * Webhooks, signed the Standard Webhooks way: each delivery carries `webhook-id` (the same on every retry),
 * `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`
 * keyed with the account's `whsec_` secret (the base64 after the prefix). Events wait in an outbox table
 * (`webhook_deliveries`, in SQLite or Postgres: `kysely-webhooks.ts`), written by whoever finishes a video
 * (a worker process, or the reaper); the server's dispatcher delivers them and retries failures with backoff.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { KinoError } from '../errors.ts';
import { kyselyWebhooks } from './kysely-webhooks.ts';
import { openSqliteKysely } from './sqlite-store.ts';
import type { VideoRecord } from './store.ts';
import { toVideoObject } from './video-object.ts';

export const WEBHOOK_EVENTS = ['video.completed', 'video.failed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  readonly id: string;
  readonly accountId: string;
  readonly url: string;
  /** Unix seconds. */
  readonly createdAt: number;
}

export interface DueDelivery {
  readonly seq: number;
  readonly messageId: string;
  readonly url: string;
  readonly secret: string;
  readonly body: string;
  /** Attempts made before this one. */
  readonly attempts: number;
}

export interface WebhookStore {
  /** Registers a URL; the account's secret is made on its first webhook and shared by all of them. */
  addWebhook(accountId: string, url: string): Promise<{ webhook: Webhook; secret: string }>;
  webhooks(accountId: string): Promise<Webhook[]>;
  secret(accountId: string): Promise<string | undefined>;
  deleteWebhook(accountId: string, id: string): Promise<boolean>;
  /** One delivery per webhook of the account, all with one message id; returns how many. */
  enqueueEvent(accountId: string, type: WebhookEventType, data: unknown, nowMs: number): Promise<number>;
  /** Pending deliveries due at `nowMs`, oldest first; those of deleted webhooks are dropped. */
  dueDeliveries(nowMs: number, limit: number): Promise<DueDelivery[]>;
  markDelivered(seq: number): Promise<void>;
  /** Another attempt at `nextAtMs`, or none (`undefined`): the delivery has failed for good. */
  markAttemptFailed(seq: number, error: string, nextAtMs: number | undefined): Promise<void>;
  close(): Promise<void>;
}

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Receivers' side, for tests and docs: any `v1,` signature in the header matches, within five minutes. */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  nowS = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > 300) return false;
  const expected = Buffer.from(webhookSignature(secret, headers.id, timestamp, body));
  return headers.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The event a finished video sends, or undefined while it is unfinished. */
export function videoEvent(video: VideoRecord): { type: WebhookEventType; data: unknown } | undefined {
  if (video.status === 'completed') return { type: 'video.completed', data: toVideoObject(video) };
  if (video.status === 'failed') return { type: 'video.failed', data: toVideoObject(video) };
  return undefined;
}

export function assertWebhookUrl(url: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new KinoError(
      'invalid_request',
      `url must be an absolute http or https URL such as "https://example.com/kino"; got ${JSON.stringify(url)}`,
      'url',
    );
  }
  return parsed.href;
}

export function openSqliteWebhooks(path: string): WebhookStore {
  return kyselyWebhooks({ db: openSqliteKysely(path), dialect: 'sqlite' }, newWebhookSecret);
}

/** Waits before the 2nd, 3rd… attempt; after the last, a delivery is given up. */
export const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000];
const DELIVERY_TIMEOUT_MS = 10_000;

export interface WebhookDispatcher {
  /** Delivers everything due now; resolves when those attempts are done. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

export function startWebhookDispatcher(options: {
  store: WebhookStore;
  retryDelaysMs?: readonly number[];
  pollMs?: number;
}): WebhookDispatcher {
  const { store } = options;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let running: Promise<void> | undefined;
  let closed = false;

  async function deliver(d: DueDelivery): Promise<void> {
    const timestamp = Math.floor(Date.now() / 1000);
    let error: string;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': webhookSignature(d.secret, d.messageId, timestamp, d.body),
        },
        body: d.body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.ok) return store.markDelivered(d.seq);
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    const delay = delays[d.attempts];
    await store.markAttemptFailed(d.seq, error, delay === undefined ? undefined : Date.now() + delay);
  }

  const tick = (): Promise<void> =>
    (running ??= (async () => {
      try {
        for (const d of await store.dueDeliveries(Date.now(), 50)) await deliver(d);
      } catch (err) {
        if (!closed) process.stderr.write(`kino serve: webhook delivery: ${(err as Error).message}\n`);
      } finally {
        running = undefined;
      }
    })());

  const timer = setInterval(() => void tick(), options.pollMs ?? 250);
  return {
    tick,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
