/**
 * Webhooks, signed the Standard Webhooks way: each delivery carries `webhook-id` (the same on every retry),
 * `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`
 * keyed with the account's `whsec_` secret (the base64 after the prefix). Events wait in an outbox table
 * (`webhook_deliveries`), written by whoever finishes a video (a worker process, or the reaper); the server's
 * dispatcher delivers them and retries failures with backoff.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { KinoError } from '../errors.ts';
import { openDatabase } from './sqlite-store.ts';
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
  return sqliteWebhooks(openDatabase(path));
}

function sqliteWebhooks(db: Database.Database): WebhookStore {
  const q = {
    secret: db.prepare<[string], { secret: string }>(
      'SELECT secret FROM webhook_secrets WHERE account_id = ?',
    ),
    addSecret: db.prepare('INSERT OR IGNORE INTO webhook_secrets (account_id, secret) VALUES (?, ?)'),
    insert: db.prepare('INSERT INTO webhooks (id, account_id, url, created_at) VALUES (?, ?, ?, ?)'),
    list: db.prepare<[string], { id: string; account_id: string; url: string; created_at: number }>(
      'SELECT * FROM webhooks WHERE account_id = ? ORDER BY rowid',
    ),
    remove: db.prepare('DELETE FROM webhooks WHERE account_id = ? AND id = ?'),
    enqueue: db.prepare(`
      INSERT INTO webhook_deliveries (message_id, webhook_id, event_type, body, next_attempt_at_ms, status)
      SELECT ?, id, ?, ?, ?, 'pending' FROM webhooks WHERE account_id = ?`),
    due: db.prepare<
      [number, number],
      {
        seq: number;
        message_id: string;
        url: string | null;
        secret: string | null;
        body: string;
        attempts: number;
      }
    >(`
      SELECT d.seq, d.message_id, w.url, s.secret, d.body, d.attempts
      FROM webhook_deliveries d
      LEFT JOIN webhooks w ON w.id = d.webhook_id
      LEFT JOIN webhook_secrets s ON s.account_id = w.account_id
      WHERE d.status = 'pending' AND d.next_attempt_at_ms <= ?
      ORDER BY d.next_attempt_at_ms, d.seq LIMIT ?`),
    drop: db.prepare('DELETE FROM webhook_deliveries WHERE seq = ?'),
    delivered: db.prepare(
      "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_error = NULL WHERE seq = ?",
    ),
    retry: db.prepare(
      'UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at_ms = ? WHERE seq = ?',
    ),
    gaveUp: db.prepare(
      "UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE seq = ?",
    ),
  };

  const add = db.transaction((accountId: string, url: string) => {
    q.addSecret.run(accountId, newWebhookSecret());
    const webhook: Webhook = {
      id: `wh_${randomUUID().replaceAll('-', '')}`,
      accountId,
      url,
      createdAt: Math.floor(Date.now() / 1000),
    };
    q.insert.run(webhook.id, accountId, url, webhook.createdAt);
    return { webhook, secret: q.secret.get(accountId)!.secret };
  });

  return {
    async addWebhook(accountId, url) {
      return add.immediate(accountId, url);
    },
    async webhooks(accountId) {
      return q.list
        .all(accountId)
        .map((r) => ({ id: r.id, accountId: r.account_id, url: r.url, createdAt: r.created_at }));
    },
    async secret(accountId) {
      return q.secret.get(accountId)?.secret;
    },
    async deleteWebhook(accountId, id) {
      return q.remove.run(accountId, id).changes === 1;
    },
    async enqueueEvent(accountId, type, data, nowMs) {
      const messageId = `msg_${randomUUID().replaceAll('-', '')}`;
      const body = JSON.stringify({ type, timestamp: new Date(nowMs).toISOString(), data });
      return q.enqueue.run(messageId, type, body, nowMs, accountId).changes;
    },
    async dueDeliveries(nowMs, limit) {
      const due: DueDelivery[] = [];
      for (const r of q.due.all(nowMs, limit)) {
        if (r.url === null || r.secret === null) q.drop.run(r.seq);
        else
          due.push({
            seq: r.seq,
            messageId: r.message_id,
            url: r.url,
            secret: r.secret,
            body: r.body,
            attempts: r.attempts,
          });
      }
      return due;
    },
    async markDelivered(seq) {
      q.delivered.run(seq);
    },
    async markAttemptFailed(seq, error, nextAtMs) {
      if (nextAtMs === undefined) q.gaveUp.run(error, seq);
      else q.retry.run(error, nextAtMs, seq);
    },
    async close() {
      if (db.open) db.close();
    },
  };
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
