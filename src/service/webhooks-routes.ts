/** `/v1/webhooks`: register, list and delete the calling account's webhook URLs. */
import { Hono } from 'hono';
import { KinoError } from '../errors.ts';
import type { AuthEnv } from './auth.ts';
import { WEBHOOK_EVENTS, assertWebhookUrl, type Webhook, type WebhookStore } from './webhooks.ts';

const MAX_WEBHOOKS = 10;

export const toWebhookObject = (w: Webhook, secret: string) => ({
  id: w.id,
  object: 'webhook' as const,
  url: w.url,
  events: [...WEBHOOK_EVENTS],
  created_at: w.createdAt,
  /** The account's signing secret (`whsec_…`), the same for all of its webhooks. */
  secret,
});

function readJson(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new KinoError('invalid_request', `the body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KinoError('invalid_request', 'the body must be a JSON object such as {"url": "https://…"}');
  }
  return body as Record<string, unknown>;
}

export function webhooksRoutes({ webhooks }: { webhooks: WebhookStore }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post('/webhooks', async (c) => {
    const accountId = c.get('account').id;
    const body = readJson(await c.req.text());
    const unknown = Object.keys(body).find((k) => k !== 'url');
    if (unknown) {
      throw new KinoError(
        'invalid_request',
        `unknown parameter ${JSON.stringify(unknown)}; parameters are url`,
        unknown,
      );
    }
    const url = assertWebhookUrl(body.url);
    if ((await webhooks.webhooks(accountId)).length >= MAX_WEBHOOKS) {
      throw new KinoError(
        'invalid_request',
        `an account may register up to ${MAX_WEBHOOKS} webhooks; delete one first (DELETE /v1/webhooks/{id})`,
        'url',
      );
    }
    const { webhook, secret } = await webhooks.addWebhook(accountId, url);
    return c.json(toWebhookObject(webhook, secret));
  });

  app.get('/webhooks', async (c) => {
    const accountId = c.get('account').id;
    const secret = (await webhooks.secret(accountId)) ?? '';
    const data = (await webhooks.webhooks(accountId)).map((w) => toWebhookObject(w, secret));
    return c.json({ object: 'list', data, has_more: false });
  });

  app.delete('/webhooks/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await webhooks.deleteWebhook(c.get('account').id, id))) {
      throw new KinoError('not_found', `no webhook with id ${JSON.stringify(id)}`, 'webhook_id');
    }
    return c.json({ id, object: 'webhook.deleted', deleted: true });
  });

  return app;
}
