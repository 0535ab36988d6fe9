/**
 * The service schema as an ordered list of migrations, one list for SQLite (embedded) and PostgreSQL
 * (scale-out). Applied ones are recorded in `migrations`; never edit a shipped migration, append a new one.
 * The column types that differ between the two databases are named once, in `SqlTypes`.
 */
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';

export type SqlDialect = 'sqlite' | 'postgres';

/** What each database calls the few types that differ. */
interface SqlTypes {
  /** An integer: SQLite's are 64-bit; Postgres needs BIGINT for milliseconds and 32-bit seeds. */
  readonly int: string;
  readonly real: string;
  /** An auto-numbered primary key that only ever grows. */
  readonly serial: string;
  /**
   * SQLite tables have an implicit `rowid` in insertion order; Postgres gets a real column of that name,
   * so that queries may order by `rowid` in both.
   */
  readonly rowidColumn: string;
}

const TYPES: Readonly<Record<SqlDialect, SqlTypes>> = {
  sqlite: { int: 'INTEGER', real: 'REAL', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT', rowidColumn: '' },
  postgres: {
    int: 'BIGINT',
    real: 'DOUBLE PRECISION',
    serial: 'BIGSERIAL PRIMARY KEY',
    rowidColumn: 'rowid BIGSERIAL NOT NULL,',
  },
};

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: (t: SqlTypes) => string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, api keys, videos',
    sql: (t) => `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        plan TEXT NOT NULL,
        credits ${t.int} NOT NULL CHECK (credits >= 0),
        created_at ${t.int} NOT NULL
      );
      CREATE TABLE api_keys (
        hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        prefix TEXT NOT NULL,
        created_at ${t.int} NOT NULL
      );
      CREATE TABLE videos (
        seq ${t.serial},
        id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        progress ${t.int} NOT NULL,
        prompt TEXT NOT NULL,
        seconds ${t.real} NOT NULL,
        width ${t.int} NOT NULL,
        height ${t.int} NOT NULL,
        seed ${t.int} NOT NULL,
        cost ${t.int} NOT NULL,
        watermark ${t.int} NOT NULL,
        created_at ${t.int} NOT NULL,
        completed_at ${t.int},
        started_at_ms ${t.int},
        finished_at_ms ${t.int},
        error_code TEXT,
        error_message TEXT
      );
      CREATE INDEX videos_by_account ON videos(account_id, seq);
      CREATE INDEX videos_by_status ON videos(status, seq);
    `,
  },
  // Accounts and operations (sign-up, sessions, the admin switches). Numbered 20 so that it cannot collide
  // with a migration appended at the same time for the queue; versions are identities, not positions.
  {
    version: 20,
    name: 'logins, sessions, settings',
    sql: (t) => `
      CREATE TABLE logins (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id),
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at ${t.int} NOT NULL
      );
      CREATE TABLE sessions (
        hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        created_at_ms ${t.int} NOT NULL,
        expires_at_ms ${t.int} NOT NULL
      );
      CREATE INDEX sessions_by_expiry ON sessions(expires_at_ms);
      CREATE INDEX api_keys_by_account ON api_keys(account_id);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at_ms ${t.int} NOT NULL
      );
    `,
  },
  // The durable job queue, lanes and styles, asset expiry, and webhooks. Numbered 10 so that it cannot
  // collide with the accounts migration (20) written at the same time. The jobs tables serve the SQLite
  // queue; scale-out queues on Redis and leaves them empty.
  {
    version: 10,
    name: 'jobs, lanes, expiry, webhooks, monthly credits',
    sql: (t) => `
      ALTER TABLE accounts ADD COLUMN credits_period TEXT;
      ALTER TABLE videos ADD COLUMN lane TEXT NOT NULL DEFAULT 'priority';
      ALTER TABLE videos ADD COLUMN style TEXT;
      ALTER TABLE videos ADD COLUMN expires_at ${t.int};
      ALTER TABLE videos ADD COLUMN assets_deleted_at ${t.int};
      CREATE INDEX videos_by_expiry ON videos(expires_at) WHERE assets_deleted_at IS NULL;
      CREATE TABLE jobs (
        seq ${t.serial},
        video_id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL,
        concurrency ${t.int} NOT NULL,
        lane TEXT NOT NULL,
        enqueued_at_ms ${t.int} NOT NULL,
        attempts ${t.int} NOT NULL DEFAULT 0,
        worker_id TEXT,
        lease_expires_at_ms ${t.int},
        started_at_ms ${t.int}
      );
      CREATE INDEX jobs_waiting ON jobs(worker_id, account_id, lane, seq);
      CREATE TABLE queue_accounts (account_id TEXT PRIMARY KEY, last_served ${t.int} NOT NULL);
      CREATE TABLE queue_state (key TEXT PRIMARY KEY, value ${t.real} NOT NULL);
      CREATE TABLE webhooks (
        ${t.rowidColumn}
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        url TEXT NOT NULL,
        created_at ${t.int} NOT NULL
      );
      CREATE INDEX webhooks_by_account ON webhooks(account_id);
      CREATE TABLE webhook_secrets (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id),
        secret TEXT NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        seq ${t.serial},
        message_id TEXT NOT NULL,
        webhook_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        attempts ${t.int} NOT NULL DEFAULT 0,
        next_attempt_at_ms ${t.int} NOT NULL,
        status TEXT NOT NULL,
        last_error TEXT,
        UNIQUE (message_id, webhook_id)
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at_ms);
    `,
  },
  // Editing jobs (remix, extend, recut, loop, blend, storyboard, animate): the job as JSON, and the source.
  {
    version: 30,
    name: 'edit jobs',
    sql: () => `
      ALTER TABLE videos ADD COLUMN edit_job TEXT;
      ALTER TABLE videos ADD COLUMN remixed_from_video_id TEXT;
    `,
  },
];

const migrationsTable = (t: SqlTypes): string =>
  `CREATE TABLE IF NOT EXISTS migrations (version ${t.int} PRIMARY KEY, name TEXT NOT NULL, applied_at ${t.int} NOT NULL)`;

/**
 * Brings a SQLite file up to date, synchronously, so that the store, the queue and the webhook outbox can
 * each open the file without awaiting. Each migration is one IMMEDIATE transaction.
 */
export function migrateSqlite(db: Database.Database): void {
  const t = TYPES.sqlite;
  db.exec(migrationsTable(t));
  const applied = new Set(
    (db.prepare('SELECT version FROM migrations').all() as { version: number }[]).map((r) => r.version),
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql(t));
      db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    }).immediate();
  }
}

/** An arbitrary constant: the advisory lock that makes API servers starting together migrate one at a time. */
const MIGRATION_LOCK = 7_416_011;

/** Brings a Postgres database up to date; safe when several servers and workers start at once. */
export async function migratePostgres(pool: Pool): Promise<void> {
  const t = TYPES.postgres;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(migrationsTable(t));
      const { rows } = await client.query<{ version: string }>('SELECT version FROM migrations');
      const applied = new Set(rows.map((r) => Number(r.version)));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql(t));
          await client.query('INSERT INTO migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            Date.now(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
