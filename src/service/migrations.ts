/**
 * The SQLite schema as an ordered list of migrations. Applied ones are recorded in `migrations`;
 * never edit a shipped migration, append a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, api keys, videos',
    sql: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        plan TEXT NOT NULL,
        credits INTEGER NOT NULL CHECK (credits >= 0),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE api_keys (
        hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE videos (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        progress INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        seconds REAL NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        cost INTEGER NOT NULL,
        watermark INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        completed_at INTEGER,
        started_at_ms INTEGER,
        finished_at_ms INTEGER,
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
    sql: `
      CREATE TABLE logins (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id),
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        created_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_expiry ON sessions(expires_at_ms);
      CREATE INDEX api_keys_by_account ON api_keys(account_id);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      );
    `,
  },
  // The durable job queue, lanes and styles, asset expiry, and webhooks. Numbered 10 so that it cannot
  // collide with the accounts migration (20) written at the same time.
  {
    version: 10,
    name: 'jobs, lanes, expiry, webhooks, monthly credits',
    sql: `
      ALTER TABLE accounts ADD COLUMN credits_period TEXT;
      ALTER TABLE videos ADD COLUMN lane TEXT NOT NULL DEFAULT 'priority';
      ALTER TABLE videos ADD COLUMN style TEXT;
      ALTER TABLE videos ADD COLUMN expires_at INTEGER;
      ALTER TABLE videos ADD COLUMN assets_deleted_at INTEGER;
      CREATE INDEX videos_by_expiry ON videos(expires_at) WHERE assets_deleted_at IS NULL;
      CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        video_id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL,
        concurrency INTEGER NOT NULL,
        lane TEXT NOT NULL,
        enqueued_at_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        worker_id TEXT,
        lease_expires_at_ms INTEGER,
        started_at_ms INTEGER
      );
      CREATE INDEX jobs_waiting ON jobs(worker_id, account_id, lane, seq);
      CREATE TABLE queue_accounts (account_id TEXT PRIMARY KEY, last_served INTEGER NOT NULL);
      CREATE TABLE queue_state (key TEXT PRIMARY KEY, value REAL NOT NULL);
      CREATE TABLE webhooks (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        url TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX webhooks_by_account ON webhooks(account_id);
      CREATE TABLE webhook_secrets (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id),
        secret TEXT NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT NOT NULL,
        webhook_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at_ms INTEGER NOT NULL,
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
    sql: `
      ALTER TABLE videos ADD COLUMN edit_job TEXT;
      ALTER TABLE videos ADD COLUMN remixed_from_video_id TEXT;
    `,
  },
];
