/**
 * The embedded `Store`: one SQLite file through better-sqlite3, queried by the shared Kysely store
 * (`kysely-store.ts`). Write transactions start IMMEDIATE, so the conditional debit (`credits >= cost`) and
 * the CHECK constraint keep credits right even when the CLI, the server and worker processes write the file.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { KinoTables } from './kysely-database.ts';
import { kyselyStore } from './kysely-store.ts';
import { migrateSqlite } from './migrations.ts';
import type { Store } from './store.ts';

/** Opens (creating and migrating) the service database; the store, the queue and webhooks each hold one. */
export function openDatabase(path: string): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // The CLI and worker processes write while the server does; wait for the lock instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrateSqlite(db);
  return db;
}

/** A Kysely handle on the service database at `path`; destroying it closes the file. */
export function openSqliteKysely(path: string): Kysely<KinoTables> {
  return new Kysely<KinoTables>({ dialect: new SqliteDialect({ database: openDatabase(path) }) });
}

export function openSqliteStore(path: string): Store {
  return kyselyStore({ db: openSqliteKysely(path), dialect: 'sqlite' });
}
