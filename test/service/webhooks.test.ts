/**
 * Webhooks against a local receiver: registration gives a `whsec_` secret, finished videos are delivered as
 * `video.completed` / `video.failed` with Standard Webhooks headers whose signature the receiver checks
 * itself (an independent HMAC, not Kino's helper), and a failing receiver gets the same message again.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { VideoBackend } from '../../src/backends/index.ts';
import { KinoError } from '../../src/errors.ts';
import { verifyWebhook } from '../../src/service/webhooks.ts';
import { startTestService, type TestService } from './helpers.ts';
import { tinyBackend, until } from './test-backends.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A receiver that answers 500 to the first `failFirst` requests, then 204. */
async function receiver(failFirst: number): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(received.length <= failFirst ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/kino`, received };
}

/** The Standard Webhooks check, written out: HMAC-SHA256 over `id.timestamp.body`, keyed with the secret's bytes. */
function expectedSignature(secret: string, h: IncomingHttpHeaders, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const mac = createHmac('sha256', key).update(
    `${String(h['webhook-id'])}.${String(h['webhook-timestamp'])}.${body}`,
  );
  return `v1,${mac.digest('base64')}`;
}

async function start(backend: VideoBackend): Promise<TestService> {
  const service = await startTestService({ backend, workers: 2, webhookRetryDelaysMs: [300, 300] });
  cleanups.push(() => service.dispose());
  return service;
}

const post = (service: TestService, key: string, path: string, body: unknown) =>
  fetch(`${service.url}/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('webhooks', () => {
  it('delivers video.completed signed with the account secret, and retries a failed delivery with the same id', async () => {
    const hook = await receiver(1);
    const service = await start(tinyBackend());
    const key = await service.account('hooked', 'pro', 10);
    const registered = (await (await post(service, key, '/webhooks', { url: hook.url })).json()) as {
      id: string;
      secret: string;
      url: string;
    };
    expect(registered.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(registered.url).toBe(hook.url);

    const video = (await (
      await post(service, key, '/videos', { prompt: 'a lighthouse at night', size: '480x480', seconds: '1' })
    ).json()) as { id: string };
    await until(() => hook.received.length >= 2, 60_000);
    const [first, retry] = hook.received as [Received, Received];

    for (const delivery of [first, retry]) {
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['webhook-signature']).toBe(
        expectedSignature(registered.secret, delivery.headers, delivery.body),
      );
      expect(Math.abs(Number(delivery.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    }
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(retry.headers['webhook-id']).toMatch(/^msg_/);
    expect(retry.body).toBe(first.body);
    const event = JSON.parse(retry.body) as {
      type: string;
      timestamp: string;
      data: { id: string; status: string };
    };
    expect(event).toMatchObject({ type: 'video.completed', data: { id: video.id, status: 'completed' } });
    expect(Number.isNaN(Date.parse(event.timestamp))).toBe(false);

    // Kino's own verifier agrees, and refuses a tampered body or another secret.
    const headers = {
      id: String(retry.headers['webhook-id']),
      timestamp: String(retry.headers['webhook-timestamp']),
      signature: String(retry.headers['webhook-signature']),
    };
    expect(verifyWebhook(registered.secret, headers, retry.body)).toBe(true);
    expect(verifyWebhook(registered.secret, headers, retry.body.replace('completed', 'failed'))).toBe(false);
    expect(verifyWebhook('whsec_' + Buffer.alloc(24, 1).toString('base64'), headers, retry.body)).toBe(false);

    // Delivered once it succeeded: no third attempt.
    await new Promise((r) => setTimeout(r, 800));
    expect(hook.received).toHaveLength(2);
  });

  it('delivers video.failed, only to the account that owns the video, and gives up after the last retry', async () => {
    const failing: VideoBackend = {
      id: 'failing',
      async generate() {
        throw new KinoError('render_failed', 'the test backend always fails');
      },
    };
    const mine = await receiver(0);
    const broken = await receiver(Infinity);
    const theirs = await receiver(0);
    const service = await start(failing);
    const key = await service.account('owner', 'pro', 10);
    const other = await service.account('bystander', 'pro', 10);
    await post(service, key, '/webhooks', { url: mine.url });
    await post(service, key, '/webhooks', { url: broken.url });
    await post(service, other, '/webhooks', { url: theirs.url });
    const list = (await (
      await fetch(`${service.url}/v1/webhooks`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as {
      data: { url: string; secret: string }[];
    };
    expect(list.data.map((w) => w.url)).toEqual([mine.url, broken.url]);
    expect(new Set(list.data.map((w) => w.secret)).size).toBe(1); // one secret per account

    const video = (await (
      await post(service, key, '/videos', { prompt: 'a storm at sea', size: '480x480', seconds: '1' })
    ).json()) as { id: string };
    await until(() => mine.received.length === 1 && broken.received.length === 3, 30_000);
    expect(JSON.parse(mine.received[0]!.body)).toMatchObject({
      type: 'video.failed',
      data: { id: video.id, status: 'failed', error: { code: 'render_failed' } },
    });
    await new Promise((r) => setTimeout(r, 900));
    expect(broken.received).toHaveLength(3); // the first attempt and two retries, then it gives up
    expect(theirs.received).toHaveLength(0);
  });

  it('refuses a URL that is not http(s), naming the field', async () => {
    const service = await start(tinyBackend());
    const key = await service.account('careless', 'pro', 1);
    const res = await post(service, key, '/webhooks', { url: 'ftp://example.com/x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', param: 'url' } });
  });
});
