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
];
