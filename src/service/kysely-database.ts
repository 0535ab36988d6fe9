/**
 * The service's tables as Kysely sees them, and the little that differs between SQLite and Postgres at
 * query time: how a write transaction starts and what a unique-constraint violation looks like.
 */
import { sql, type Generated, type Kysely } from 'kysely';
import type { SqlDialect } from './migrations.ts';

interface AccountsTable {
  id: string;
  name: string;
  plan: string;
  credits: number;
  created_at: number;
  credits_period: string | null;
}

interface ApiKeysTable {
  hash: string;
  account_id: string;
  prefix: string;
  created_at: number;
}

export interface VideosTable {
  seq: Generated<number>;
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
  lane: Generated<string>;
  style: string | null;
  expires_at: number | null;
  assets_deleted_at: number | null;
  edit_job: string | null;
  remixed_from_video_id: string | null;
}

interface LoginsTable {
  account_id: string;
  email: string;
  password_hash: string;
  created_at: number;
}

interface SessionsTable {
  hash: string;
  account_id: string;
  created_at_ms: number;
  expires_at_ms: number;
}

interface SettingsTable {
  key: string;
  value: string;
  updated_at_ms: number;
}

interface WebhooksTable {
  id: string;
  account_id: string;
  url: string;
  created_at: number;
}

interface WebhookSecretsTable {
  account_id: string;
  secret: string;
}

interface WebhookDeliveriesTable {
  seq: Generated<number>;
  message_id: string;
  webhook_id: string;
  event_type: string;
  body: string;
  attempts: Generated<number>;
  next_attempt_at_ms: number;
  status: string;
  last_error: string | null;
}

export interface KinoTables {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  videos: VideosTable;
  logins: LoginsTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  webhooks: WebhooksTable;
  webhook_secrets: WebhookSecretsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type KinoDb = Kysely<KinoTables>;

/** A Kysely handle and which database it talks to. */
export interface KinoDatabase {
  readonly db: KinoDb;
  readonly dialect: SqlDialect;
}

/**
 * Runs `fn` in one write transaction on one connection (`fn` must use the handle it is given). SQLite
 * starts it IMMEDIATE, taking the write lock up front so that a read-then-write never fails on another
 * process's lock; Postgres uses READ COMMITTED with row locks, so conditional UPDATEs re-check their
 * condition after waiting and concurrent debits cannot overspend.
 */
export async function inTransaction<T>(
  { db, dialect }: KinoDatabase,
  fn: (tx: KinoDb) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (err) {
      await sql.raw('ROLLBACK').execute(conn);
      throw err;
    }
    await sql.raw('COMMIT').execute(conn);
    return result;
  });
}

/** A UNIQUE or PRIMARY KEY violation, from either database. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Rows changed by an UPDATE, DELETE or INSERT, as a number. */
export const changed = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
  Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
