/**
 * The webhook outbox on Kysely, for SQLite (embedded) and Postgres (scale-out). Several API servers may run
 * dispatchers on one database: a dispatcher claims the deliveries it takes by pushing their next attempt a
 * minute ahead with a conditional UPDATE, so two servers do not send the same attempt. A server that dies
 * holding a claim leaves it to be retried when the claim runs out.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { changed, inTransaction, type KinoDatabase } from './kysely-database.ts';
import type { DueDelivery, Webhook, WebhookStore } from './webhooks.ts';

/** How long a claimed delivery is left to the dispatcher that claimed it. */
const CLAIM_MS = 60_000;

export function kyselyWebhooks(database: KinoDatabase, newSecret: () => string): WebhookStore {
  const { db } = database;
  const secretOf = async (accountId: string) =>
    (
      await db
        .selectFrom('webhook_secrets')
        .select('secret')
        .where('account_id', '=', accountId)
        .executeTakeFirst()
    )?.secret;

  return {
    async addWebhook(accountId, url) {
      return inTransaction(database, async (tx) => {
        await tx
          .insertInto('webhook_secrets')
          .values({ account_id: accountId, secret: newSecret() })
          .onConflict((oc) => oc.column('account_id').doNothing())
          .execute();
        const webhook: Webhook = {
          id: `wh_${randomUUID().replaceAll('-', '')}`,
          accountId,
          url,
          createdAt: Math.floor(Date.now() / 1000),
        };
        await tx
          .insertInto('webhooks')
          .values({ id: webhook.id, account_id: accountId, url, created_at: webhook.createdAt })
          .execute();
        const { secret } = await tx
          .selectFrom('webhook_secrets')
          .select('secret')
          .where('account_id', '=', accountId)
          .executeTakeFirstOrThrow();
        return { webhook, secret };
      });
    },
    async webhooks(accountId) {
      const rows = await db
        .selectFrom('webhooks')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy(sql`rowid`)
        .execute();
      return rows.map((r) => ({ id: r.id, accountId: r.account_id, url: r.url, createdAt: r.created_at }));
    },
    secret: secretOf,
    async deleteWebhook(accountId, id) {
      const result = await db
        .deleteFrom('webhooks')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async enqueueEvent(accountId, type, data, nowMs) {
      const messageId = `msg_${randomUUID().replaceAll('-', '')}`;
      const body = JSON.stringify({ type, timestamp: new Date(nowMs).toISOString(), data });
      // CASTs: Postgres cannot infer the type of a parameter in a SELECT list.
      const result = await sql`
        INSERT INTO webhook_deliveries (message_id, webhook_id, event_type, body, next_attempt_at_ms, status)
        SELECT CAST(${messageId} AS TEXT), id, CAST(${type} AS TEXT), CAST(${body} AS TEXT),
          CAST(${nowMs} AS BIGINT), 'pending'
        FROM webhooks WHERE account_id = ${accountId}`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },
    async dueDeliveries(nowMs, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries as d')
        .leftJoin('webhooks as w', 'w.id', 'd.webhook_id')
        .leftJoin('webhook_secrets as s', 's.account_id', 'w.account_id')
        .select([
          'd.seq',
          'd.message_id',
          'w.url',
          's.secret',
          'd.body',
          'd.attempts',
          'd.next_attempt_at_ms',
        ])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at_ms', '<=', nowMs)
        .orderBy('d.next_attempt_at_ms')
        .orderBy('d.seq')
        .limit(limit)
        .execute();
      const due: DueDelivery[] = [];
      for (const r of rows) {
        if (r.url === null || r.secret === null) {
          await db.deleteFrom('webhook_deliveries').where('seq', '=', r.seq).execute();
          continue;
        }
        // Only the dispatcher whose UPDATE still finds the delivery due gets it.
        const claim = await db
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at_ms: nowMs + CLAIM_MS })
          .where('seq', '=', r.seq)
          .where('status', '=', 'pending')
          .where('next_attempt_at_ms', '=', r.next_attempt_at_ms)
          .executeTakeFirst();
        if (changed(claim) !== 1) continue;
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
      await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), last_error: null }))
        .where('seq', '=', seq)
        .execute();
    },
    async markAttemptFailed(seq, error, nextAtMs) {
      await db
        .updateTable('webhook_deliveries')
        .set((eb) =>
          nextAtMs === undefined
            ? { status: 'failed', attempts: eb('attempts', '+', 1), last_error: error }
            : { attempts: eb('attempts', '+', 1), last_error: error, next_attempt_at_ms: nextAtMs },
        )
        .where('seq', '=', seq)
        .execute();
    },
    async close() {
      await db.destroy();
    },
  };
}
