/** The SQLite side of variations, retried renders, asset expiry and monthly credits (migration 10). */
import type Database from 'better-sqlite3';
import { KinoError } from '../errors.ts';
import { INSERT_VIDEO, toVideo, videoInsertParams, type VideoRow } from './sqlite-store.ts';
import type { NewVideo, Store, VideoRecord } from './store.ts';

type LifecycleMethods =
  | 'createVideos'
  | 'markRestarted'
  | 'markCompletedUntil'
  | 'expiredVideos'
  | 'markAssetsDeleted'
  | 'grantPeriodCredits';

export function videoLifecycleStore(db: Database.Database): Pick<Store, LifecycleMethods> {
  const q = {
    credits: db.prepare<[string], { credits: number }>('SELECT credits FROM accounts WHERE id = ?'),
    debit: db.prepare('UPDATE accounts SET credits = credits - ? WHERE id = ? AND credits >= ?'),
    insert: db.prepare(INSERT_VIDEO),
    byId: db.prepare<[string], VideoRow>('SELECT * FROM videos WHERE id = ?'),
    restart: db.prepare(
      "UPDATE videos SET progress = 0, started_at_ms = ? WHERE id = ? AND status = 'in_progress'",
    ),
    complete: db.prepare(`
      UPDATE videos SET status = 'completed', progress = 100, completed_at = ?, finished_at_ms = ?, expires_at = ?
      WHERE id = ? AND status = 'in_progress'`),
    expired: db.prepare<[number, number], VideoRow>(`
      SELECT * FROM videos WHERE expires_at <= ? AND assets_deleted_at IS NULL AND status = 'completed'
      ORDER BY expires_at LIMIT ?`),
    assetsDeleted: db.prepare('UPDATE videos SET assets_deleted_at = ? WHERE id = ?'),
    // Periods are "YYYY-MM" strings, so they compare in time order. An account without a period is new:
    // its first month's credits are those it was created with, so only the period is recorded.
    grant: db.prepare(`
      UPDATE accounts
      SET credits = CASE WHEN credits_period IS NULL THEN credits ELSE MAX(credits, ?) END, credits_period = ?
      WHERE plan = ? AND (credits_period IS NULL OR credits_period < ?)`),
  };

  const createVideos = db.transaction((videos: readonly NewVideo[]): VideoRecord[] => {
    const byAccount = new Map<string, number>();
    for (const v of videos) byAccount.set(v.accountId, (byAccount.get(v.accountId) ?? 0) + v.cost);
    for (const [accountId, cost] of byAccount) {
      if (q.debit.run(cost, accountId, cost).changes !== 1) {
        const credits = q.credits.get(accountId)?.credits ?? 0;
        // Throwing rolls back any debit already made for another account in this batch.
        throw new KinoError(
          'insufficient_credits',
          `${videos.length === 1 ? 'this video costs' : `these ${videos.length} videos cost`} ${cost} credits ` +
            `and the account has ${credits}; ask for fewer variations, fewer seconds or a smaller size, or add credits`,
        );
      }
    }
    return videos.map((v) => {
      q.insert.run(videoInsertParams(v));
      return toVideo(q.byId.get(v.id)!);
    });
  });

  return {
    async createVideos(videos) {
      return createVideos.immediate(videos);
    },
    async markRestarted(id, nowMs) {
      return q.restart.run(nowMs, id).changes === 1;
    },
    async markCompletedUntil(id, nowMs, expiresAt) {
      return q.complete.run(Math.floor(nowMs / 1000), nowMs, expiresAt, id).changes === 1;
    },
    async expiredVideos(nowS, limit) {
      return q.expired.all(nowS, limit).map(toVideo);
    },
    async markAssetsDeleted(id, nowS) {
      q.assetsDeleted.run(nowS, id);
    },
    async grantPeriodCredits(plan, allowance, period) {
      return q.grant.run(allowance, period, plan, period).changes;
    },
  };
}
