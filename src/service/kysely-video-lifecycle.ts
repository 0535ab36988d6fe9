/** Variations, retried renders, asset expiry and monthly credits (migration 10), on Kysely for both databases. */
import { sql } from 'kysely';
import { KinoError } from '../errors.ts';
import { changed, inTransaction, type KinoDatabase } from './kysely-database.ts';
import { creditsOf, debit, insertVideo, toVideo } from './kysely-rows.ts';
import type { Store, VideoRecord } from './store.ts';

type LifecycleMethods =
  | 'createVideos'
  | 'markRestarted'
  | 'markCompletedUntil'
  | 'expiredVideos'
  | 'markAssetsDeleted'
  | 'grantPeriodCredits';

export function videoLifecycleStore(database: KinoDatabase): Pick<Store, LifecycleMethods> {
  const { db } = database;
  return {
    async createVideos(videos) {
      const byAccount = new Map<string, number>();
      for (const v of videos) byAccount.set(v.accountId, (byAccount.get(v.accountId) ?? 0) + v.cost);
      return inTransaction(database, async (tx) => {
        // Accounts in a fixed order, so that two batches touching the same accounts cannot deadlock.
        for (const [accountId, cost] of [...byAccount].sort(([a], [b]) => (a < b ? -1 : 1))) {
          if (!(await debit(tx, accountId, cost))) {
            // Throwing rolls back any debit already made for another account in this batch.
            throw new KinoError(
              'insufficient_credits',
              `${videos.length === 1 ? 'this video costs' : `these ${videos.length} videos cost`} ${cost} credits ` +
                `and the account has ${await creditsOf(tx, accountId)}; ask for fewer variations, fewer seconds or a smaller size, or add credits`,
            );
          }
        }
        const made: VideoRecord[] = [];
        for (const v of videos) made.push(await insertVideo(tx, v));
        return made;
      });
    },
    async markRestarted(id, nowMs) {
      const result = await db
        .updateTable('videos')
        .set({ progress: 0, started_at_ms: nowMs })
        .where('id', '=', id)
        .where('status', '=', 'in_progress')
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async markCompletedUntil(id, nowMs, expiresAt) {
      const result = await db
        .updateTable('videos')
        .set({
          status: 'completed',
          progress: 100,
          completed_at: Math.floor(nowMs / 1000),
          finished_at_ms: nowMs,
          expires_at: expiresAt,
        })
        .where('id', '=', id)
        .where('status', '=', 'in_progress')
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async expiredVideos(nowS, limit) {
      const rows = await db
        .selectFrom('videos')
        .selectAll()
        .where('expires_at', '<=', nowS)
        .where('assets_deleted_at', 'is', null)
        .where('status', '=', 'completed')
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map(toVideo);
    },
    async markAssetsDeleted(id, nowS) {
      await db.updateTable('videos').set({ assets_deleted_at: nowS }).where('id', '=', id).execute();
    },
    async grantPeriodCredits(plan, allowance, period) {
      // Periods are "YYYY-MM" strings, so they compare in time order. An account without a period is new:
      // its first month's credits are those it was created with, so only the period is recorded. The
      // period condition is re-checked under the row lock, so servers granting at once grant once.
      const result = await db
        .updateTable('accounts')
        .set({
          credits: sql<number>`CASE WHEN credits_period IS NULL OR credits >= ${allowance} THEN credits ELSE ${allowance} END`,
          credits_period: period,
        })
        .where('plan', '=', plan)
        .where((eb) => eb.or([eb('credits_period', 'is', null), eb('credits_period', '<', period)]))
        .executeTakeFirst();
      return changed(result);
    },
  };
}
