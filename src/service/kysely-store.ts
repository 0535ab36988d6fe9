/**
 * The `Store` once, on Kysely: the same queries run on SQLite (embedded, `sqlite-store.ts`) and on
 * PostgreSQL (scale-out, `postgres-store.ts`). Credits only ever move inside a transaction with a
 * conditional UPDATE (`credits >= cost`), and state changes that refund are single conditional statements
 * with RETURNING, so concurrent requests (from one server or many) never overspend or refund twice.
 */
import { randomUUID } from 'node:crypto';
import { KinoError } from '../errors.ts';
import { identityStore } from './kysely-identity.ts';
import {
  changed,
  inTransaction,
  isUniqueViolation,
  type KinoDatabase,
  type KinoDb,
} from './kysely-database.ts';
import { creditsOf, debit, insertVideo, toAccount, toVideo } from './kysely-rows.ts';
import { videoLifecycleStore } from './kysely-video-lifecycle.ts';
import type { Store } from './store.ts';

async function refund(db: KinoDb, accountId: string, cost: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set((eb) => ({ credits: eb('credits', '+', cost) }))
    .where('id', '=', accountId)
    .execute();
}

const UNFINISHED = ['queued', 'in_progress'];

/** A `Store` over a migrated database; `close` closes the Kysely handle (and with it the connection pool). */
export function kyselyStore(database: KinoDatabase): Store {
  const { db } = database;
  const accountById = (id: string) =>
    db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  const accountByName = (name: string) =>
    db.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst();
  const videoOfAccount = (tx: KinoDb, accountId: string, id: string) =>
    tx
      .selectFrom('videos')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  const now = () => Math.floor(Date.now() / 1000);
  const nameTaken = (name: string) =>
    new KinoError('already_exists', `an account named ${JSON.stringify(name)} already exists`, 'name');

  return {
    ...identityStore(database),
    ...videoLifecycleStore(database),
    async createAccount({ name, plan, credits }) {
      if (await accountByName(name)) throw nameTaken(name);
      const id = `acct_${randomUUID().replaceAll('-', '')}`;
      try {
        await db
          .insertInto('accounts')
          .values({ id, name, plan, credits, created_at: now(), credits_period: null })
          .execute();
      } catch (err) {
        // Another server took the name between the check and the insert.
        if (isUniqueViolation(err)) throw nameTaken(name);
        throw err;
      }
      return toAccount((await accountById(id))!);
    },
    async accountByName(name) {
      const row = await accountByName(name);
      return row && toAccount(row);
    },
    async account(id) {
      const row = await accountById(id);
      return row && toAccount(row);
    },
    async addApiKey({ accountId, hash, prefix }) {
      await db
        .insertInto('api_keys')
        .values({ hash, account_id: accountId, prefix, created_at: now() })
        .execute();
    },
    async accountByKeyHash(hash) {
      const row = await db
        .selectFrom('api_keys as k')
        .innerJoin('accounts as a', 'a.id', 'k.account_id')
        .selectAll('a')
        .where('k.hash', '=', hash)
        .executeTakeFirst();
      return row && toAccount(row);
    },
    async createVideo(video) {
      return inTransaction(database, async (tx) => {
        if (!(await debit(tx, video.accountId, video.cost))) {
          throw new KinoError(
            'insufficient_credits',
            `this video costs ${video.cost} credits and the account has ${await creditsOf(tx, video.accountId)}; ` +
              'ask for fewer seconds or a smaller size, or add credits',
          );
        }
        return insertVideo(tx, video);
      });
    },
    async video(accountId, id) {
      const row = await videoOfAccount(db, accountId, id);
      return row && toVideo(row);
    },
    async videoById(id) {
      const row = await db.selectFrom('videos').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toVideo(row);
    },
    async listVideos(accountId, { after, limit, order }) {
      let from = order === 'asc' ? 0 : Number.MAX_SAFE_INTEGER;
      if (after !== undefined) {
        const cursor = await videoOfAccount(db, accountId, after);
        if (!cursor) {
          throw new KinoError(
            'invalid_request',
            `after ${JSON.stringify(after)} is not one of your videos`,
            'after',
          );
        }
        from = cursor.seq;
      }
      const rows = await db
        .selectFrom('videos')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('seq', order === 'asc' ? '>' : '<', from)
        .orderBy('seq', order)
        .limit(limit + 1)
        .execute();
      return { videos: rows.slice(0, limit).map(toVideo), hasMore: rows.length > limit };
    },
    async markStarted(id, nowMs) {
      const result = await db
        .updateTable('videos')
        .set({ status: 'in_progress', progress: 0, started_at_ms: nowMs })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async setProgress(id, progress) {
      await db
        .updateTable('videos')
        .set({ progress })
        .where('id', '=', id)
        .where('status', '=', 'in_progress')
        .execute();
    },
    async markCompleted(id, nowMs) {
      const result = await db
        .updateTable('videos')
        .set({
          status: 'completed',
          progress: 100,
          completed_at: Math.floor(nowMs / 1000),
          finished_at_ms: nowMs,
        })
        .where('id', '=', id)
        .where('status', '=', 'in_progress')
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async markFailed(id, error, nowMs) {
      return inTransaction(database, async (tx) => {
        // The guarded UPDATE decides, atomically, whether this call is the one that fails (and refunds) it.
        const row = await tx
          .updateTable('videos')
          .set({
            status: 'failed',
            completed_at: Math.floor(nowMs / 1000),
            finished_at_ms: nowMs,
            error_code: error.code,
            error_message: error.message,
          })
          .where('id', '=', id)
          .where('status', 'in', UNFINISHED)
          .returning(['account_id', 'cost'])
          .executeTakeFirst();
        if (row) await refund(tx, row.account_id, row.cost);
        return row !== undefined;
      });
    },
    async deleteVideo(accountId, id) {
      return inTransaction(database, async (tx) => {
        // RETURNING gives the status the row had when it was deleted, even if it changed while we waited.
        const row = await tx
          .deleteFrom('videos')
          .where('id', '=', id)
          .where('account_id', '=', accountId)
          .returning(['status', 'cost'])
          .executeTakeFirst();
        if (!row) return false;
        // A failed video was refunded when it failed; a completed one was delivered.
        if (UNFINISHED.includes(row.status)) await refund(tx, accountId, row.cost);
        return true;
      });
    },
    async requeueUnfinished() {
      return inTransaction(database, async (tx) => {
        await tx
          .updateTable('videos')
          .set({ status: 'queued', progress: 0, started_at_ms: null })
          .where('status', '=', 'in_progress')
          .execute();
        const rows = await tx
          .selectFrom('videos')
          .selectAll()
          .where('status', '=', 'queued')
          .orderBy('seq', 'asc')
          .execute();
        return rows.map(toVideo);
      });
    },
    async close() {
      await db.destroy();
    },
  };
}
