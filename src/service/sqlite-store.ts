/**
 * The embedded `Store`: one SQLite file through better-sqlite3. Statements run synchronously, so each
 * transaction is atomic within the process; the conditional debit (`credits >= cost`) and the CHECK
 * constraint keep it correct even when the CLI and the server write the same file.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { KinoError } from '../errors.ts';
import { parseEditJob, serializeEditJob } from './edit-jobs.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Lane, PlanName } from './plans.ts';
import { videoLifecycleStore } from './sqlite-video-lifecycle.ts';
import { apiKeyId } from './store.ts';
import type {
  Account,
  ListOptions,
  NewLogin,
  NewVideo,
  Store,
  VideoError,
  VideoRecord,
  VideoStatus,
} from './store.ts';

interface AccountRow {
  id: string;
  name: string;
  plan: string;
  credits: number;
  created_at: number;
}

export interface VideoRow {
  seq: number;
  id: string;
  account_id: string;
  model: string;
  status: string;
  progress: number;
  prompt: string;
  seconds: number;
  width: number;
  height: number;
  seed: number;
  cost: number;
  watermark: number;
  created_at: number;
  completed_at: number | null;
  started_at_ms: number | null;
  finished_at_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  lane: string;
  style: string | null;
  expires_at: number | null;
  assets_deleted_at: number | null;
  edit_job: string | null;
  remixed_from_video_id: string | null;
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  name: r.name,
  plan: r.plan as PlanName,
  credits: r.credits,
  createdAt: r.created_at,
});

export const toVideo = (r: VideoRow): VideoRecord => ({
  id: r.id,
  accountId: r.account_id,
  model: r.model,
  status: r.status as VideoStatus,
  progress: r.progress,
  prompt: r.prompt,
  seconds: r.seconds,
  width: r.width,
  height: r.height,
  seed: r.seed,
  cost: r.cost,
  watermark: r.watermark === 1,
  createdAt: r.created_at,
  completedAt: r.completed_at,
  startedAtMs: r.started_at_ms,
  finishedAtMs: r.finished_at_ms,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  lane: r.lane as Lane,
  style: r.style,
  expiresAt: r.expires_at,
  assetsDeleted: r.assets_deleted_at !== null,
  edit: r.edit_job === null ? null : parseEditJob(r.edit_job),
  remixedFromVideoId: r.remixed_from_video_id,
});

/** The named parameters of `INSERT_VIDEO`. */
export function videoInsertParams(video: NewVideo): Record<string, unknown> {
  const { edit, remixedFromVideoId, ...fields } = video;
  return {
    ...fields,
    watermark: video.watermark ? 1 : 0,
    editJob: edit ? serializeEditJob(edit) : null,
    remixedFromVideoId: remixedFromVideoId ?? null,
  };
}

export const INSERT_VIDEO = `
  INSERT INTO videos (id, account_id, model, status, progress, prompt, seconds, width, height, seed, cost,
    watermark, created_at, lane, style, edit_job, remixed_from_video_id)
  VALUES (@id, @accountId, @model, 'queued', 0, @prompt, @seconds, @width, @height, @seed, @cost,
    @watermark, @createdAt, @lane, @style, @editJob, @remixedFromVideoId)`;

function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM migrations').all() as { version: number }[]).map((r) => r.version),
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    }).immediate();
  }
}

/** Opens (creating and migrating) the service database; the store, the queue and webhooks each hold one. */
export function openDatabase(path: string): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // The CLI and worker processes write while the server does; wait for the lock instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

export function openSqliteStore(path: string): Store {
  const db = openDatabase(path);

  const q = {
    accountById: db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?'),
    accountByName: db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE name = ?'),
    insertAccount: db.prepare(
      'INSERT INTO accounts (id, name, plan, credits, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertKey: db.prepare('INSERT INTO api_keys (hash, account_id, prefix, created_at) VALUES (?, ?, ?, ?)'),
    accountByKey: db.prepare<[string], AccountRow>(
      'SELECT a.* FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.hash = ?',
    ),
    debit: db.prepare('UPDATE accounts SET credits = credits - ? WHERE id = ? AND credits >= ?'),
    refund: db.prepare('UPDATE accounts SET credits = credits + ? WHERE id = ?'),
    insertVideo: db.prepare(INSERT_VIDEO),
    videoById: db.prepare<[string], VideoRow>('SELECT * FROM videos WHERE id = ?'),
    videoOfAccount: db.prepare<[string, string], VideoRow>(
      'SELECT * FROM videos WHERE id = ? AND account_id = ?',
    ),
    listAsc: db.prepare<[string, number, number], VideoRow>(
      'SELECT * FROM videos WHERE account_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?',
    ),
    listDesc: db.prepare<[string, number, number], VideoRow>(
      'SELECT * FROM videos WHERE account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    ),
    start: db.prepare(
      "UPDATE videos SET status = 'in_progress', progress = 0, started_at_ms = ? WHERE id = ? AND status = 'queued'",
    ),
    progress: db.prepare("UPDATE videos SET progress = ? WHERE id = ? AND status = 'in_progress'"),
    complete: db.prepare(`
      UPDATE videos SET status = 'completed', progress = 100, completed_at = ?, finished_at_ms = ?
      WHERE id = ? AND status = 'in_progress'`),
    fail: db.prepare(`
      UPDATE videos SET status = 'failed', completed_at = ?, finished_at_ms = ?, error_code = ?, error_message = ?
      WHERE id = ? AND status IN ('queued', 'in_progress')`),
    deleteVideo: db.prepare('DELETE FROM videos WHERE id = ?'),
    requeue: db.prepare(
      "UPDATE videos SET status = 'queued', progress = 0, started_at_ms = NULL WHERE status = 'in_progress'",
    ),
    queued: db.prepare<[], VideoRow>("SELECT * FROM videos WHERE status = 'queued' ORDER BY seq ASC"),
  };

  const createVideo = db.transaction((video: NewVideo): VideoRecord => {
    if (q.debit.run(video.cost, video.accountId, video.cost).changes !== 1) {
      const account = q.accountById.get(video.accountId);
      throw new KinoError(
        'insufficient_credits',
        `this video costs ${video.cost} credits and the account has ${account?.credits ?? 0}; ` +
          'ask for fewer seconds or a smaller size, or add credits',
      );
    }
    q.insertVideo.run(videoInsertParams(video));
    return toVideo(q.videoById.get(video.id)!);
  });

  const markFailed = db.transaction((id: string, error: VideoError, nowMs: number): boolean => {
    const row = q.videoById.get(id);
    if (!row) return false;
    const changed = q.fail.run(Math.floor(nowMs / 1000), nowMs, error.code, error.message, id).changes === 1;
    if (changed) q.refund.run(row.cost, row.account_id);
    return changed;
  });

  const deleteVideo = db.transaction((accountId: string, id: string): boolean => {
    const row = q.videoOfAccount.get(id, accountId);
    if (!row) return false;
    // A failed video was refunded when it failed; a completed one was delivered.
    if (row.status === 'queued' || row.status === 'in_progress') q.refund.run(row.cost, row.account_id);
    q.deleteVideo.run(id);
    return true;
  });

  const requeue = db.transaction((): VideoRecord[] => {
    q.requeue.run();
    return q.queued.all().map(toVideo);
  });

  return {
    ...identityStore(db),
    ...videoLifecycleStore(db),
    async createAccount({ name, plan, credits }) {
      if (q.accountByName.get(name)) {
        throw new KinoError(
          'already_exists',
          `an account named ${JSON.stringify(name)} already exists`,
          'name',
        );
      }
      const id = `acct_${randomUUID().replaceAll('-', '')}`;
      q.insertAccount.run(id, name, plan, credits, Math.floor(Date.now() / 1000));
      return toAccount(q.accountById.get(id)!);
    },
    async accountByName(name) {
      const row = q.accountByName.get(name);
      return row && toAccount(row);
    },
    async account(id) {
      const row = q.accountById.get(id);
      return row && toAccount(row);
    },
    async addApiKey({ accountId, hash, prefix }) {
      q.insertKey.run(hash, accountId, prefix, Math.floor(Date.now() / 1000));
    },
    async accountByKeyHash(hash) {
      const row = q.accountByKey.get(hash);
      return row && toAccount(row);
    },
    async createVideo(video) {
      return createVideo.immediate(video);
    },
    async video(accountId, id) {
      const row = q.videoOfAccount.get(id, accountId);
      return row && toVideo(row);
    },
    async videoById(id) {
      const row = q.videoById.get(id);
      return row && toVideo(row);
    },
    async listVideos(accountId, { after, limit, order }: ListOptions) {
      let from = order === 'asc' ? 0 : Number.MAX_SAFE_INTEGER;
      if (after !== undefined) {
        const cursor = q.videoOfAccount.get(after, accountId);
        if (!cursor) {
          throw new KinoError(
            'invalid_request',
            `after ${JSON.stringify(after)} is not one of your videos`,
            'after',
          );
        }
        from = cursor.seq;
      }
      const rows = (order === 'asc' ? q.listAsc : q.listDesc).all(accountId, from, limit + 1);
      return { videos: rows.slice(0, limit).map(toVideo), hasMore: rows.length > limit };
    },
    async markStarted(id, nowMs) {
      return q.start.run(nowMs, id).changes === 1;
    },
    async setProgress(id, progress) {
      q.progress.run(progress, id);
    },
    async markCompleted(id, nowMs) {
      return q.complete.run(Math.floor(nowMs / 1000), nowMs, id).changes === 1;
    },
    async markFailed(id, error, nowMs) {
      return markFailed.immediate(id, error, nowMs);
    },
    async deleteVideo(accountId, id) {
      return deleteVideo.immediate(accountId, id);
    },
    async requeueUnfinished() {
      return requeue.immediate();
    },
    async close() {
      db.close();
    },
  };
}

type IdentityMethods =
  | 'signUp'
  | 'loginByEmail'
  | 'emailOf'
  | 'addSession'
  | 'accountBySessionHash'
  | 'deleteSession'
  | 'apiKeys'
  | 'deleteApiKey'
  | 'setting'
  | 'setSetting';

/** Logins, sessions, key management and settings (migration 20). */
function identityStore(db: Database.Database): Pick<Store, IdentityMethods> {
  const q = {
    accountById: db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?'),
    nameTaken: db.prepare<[string], { id: string }>('SELECT id FROM accounts WHERE name = ?'),
    emailTaken: db.prepare<[string], { account_id: string }>('SELECT account_id FROM logins WHERE email = ?'),
    insertAccount: db.prepare(
      'INSERT INTO accounts (id, name, plan, credits, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertLogin: db.prepare(
      'INSERT INTO logins (account_id, email, password_hash, created_at) VALUES (?, ?, ?, ?)',
    ),
    insertKey: db.prepare('INSERT INTO api_keys (hash, account_id, prefix, created_at) VALUES (?, ?, ?, ?)'),
    login: db.prepare<[string], AccountRow & { password_hash: string }>(
      'SELECT a.*, l.password_hash FROM logins l JOIN accounts a ON a.id = l.account_id WHERE l.email = ?',
    ),
    emailOf: db.prepare<[string], { email: string }>('SELECT email FROM logins WHERE account_id = ?'),
    pruneSessions: db.prepare('DELETE FROM sessions WHERE expires_at_ms <= ?'),
    insertSession: db.prepare(
      'INSERT INTO sessions (hash, account_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)',
    ),
    accountBySession: db.prepare<[string, number], AccountRow>(
      'SELECT a.* FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.hash = ? AND s.expires_at_ms > ?',
    ),
    deleteSession: db.prepare('DELETE FROM sessions WHERE hash = ?'),
    keys: db.prepare<[string], { hash: string; prefix: string; created_at: number }>(
      'SELECT hash, prefix, created_at FROM api_keys WHERE account_id = ? ORDER BY created_at, hash',
    ),
    deleteKey: db.prepare('DELETE FROM api_keys WHERE account_id = ? AND substr(hash, 1, 24) = ?'),
    setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    upsertSetting: db.prepare(
      'INSERT INTO settings (key, value, updated_at_ms) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms',
    ),
    deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
  };

  const signUp = db.transaction((account: NewLogin, firstKey: { hash: string; prefix: string }): Account => {
    if (q.emailTaken.get(account.email)) {
      throw new KinoError(
        'already_exists',
        `an account with email ${JSON.stringify(account.email)} already exists; log in instead (POST /v1/sessions)`,
        'email',
      );
    }
    if (q.nameTaken.get(account.name)) {
      throw new KinoError(
        'already_exists',
        `an account named ${JSON.stringify(account.name)} already exists; choose another name`,
        'name',
      );
    }
    const id = `acct_${randomUUID().replaceAll('-', '')}`;
    const now = Math.floor(Date.now() / 1000);
    q.insertAccount.run(id, account.name, account.plan, account.credits, now);
    q.insertLogin.run(id, account.email, account.passwordHash, now);
    q.insertKey.run(firstKey.hash, id, firstKey.prefix, now);
    return toAccount(q.accountById.get(id)!);
  });

  return {
    async signUp(account, firstKey) {
      return signUp.immediate(account, firstKey);
    },
    async loginByEmail(email) {
      const row = q.login.get(email);
      return row && { account: toAccount(row), passwordHash: row.password_hash };
    },
    async emailOf(accountId) {
      return q.emailOf.get(accountId)?.email;
    },
    async addSession({ hash, accountId, nowMs, expiresAtMs }) {
      q.pruneSessions.run(nowMs);
      q.insertSession.run(hash, accountId, nowMs, expiresAtMs);
    },
    async accountBySessionHash(hash, nowMs) {
      const row = q.accountBySession.get(hash, nowMs);
      return row && toAccount(row);
    },
    async deleteSession(hash) {
      return q.deleteSession.run(hash).changes === 1;
    },
    async apiKeys(accountId) {
      return q.keys
        .all(accountId)
        .map((r) => ({ id: apiKeyId(r.hash), prefix: r.prefix, createdAt: r.created_at }));
    },
    async deleteApiKey(accountId, keyId) {
      if (!/^key_[0-9a-f]{24}$/.test(keyId)) return false;
      return q.deleteKey.run(accountId, keyId.slice(4)).changes === 1;
    },
    async setting(key) {
      return q.setting.get(key)?.value;
    },
    async setSetting(key, value, nowMs) {
      if (value === undefined) q.deleteSetting.run(key);
      else q.upsertSetting.run(key, value, nowMs);
    },
  };
}
