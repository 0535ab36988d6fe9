/**
 * The Store contract against SQLite (the embedded store) and PostgreSQL (scale-out): the same Kysely store
 * on both, and the same checks. Postgres is a throwaway cluster started once for this file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/service/migrations.ts';
import { openPostgresStore } from '../../src/service/postgres-store.ts';
import { openSqliteStore } from '../../src/service/sqlite-store.ts';
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts';
import { describeStoreContract, newVideo } from './store-contract.ts';

describeStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kino-store-'));
  const store = openSqliteStore(join(dir, 'kino.db'));
  return {
    store,
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

let postgres: Promise<PostgresServer> | undefined;
afterAll(async () => {
  await (await postgres)?.stop();
});

describeStoreContract('postgres', async () => {
  postgres ??= startPostgres();
  const store = await openPostgresStore(await (await postgres).createDatabase());
  return { store, dispose: () => store.close() };
});

describe('an existing SQLite data dir', () => {
  it('from before migrations 10 and 30 opens, migrates forward and keeps its accounts and videos', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kino-old-store-'));
    const path = join(dir, 'kino.db');
    // The schema an install had at versions 1 and 20, with an account and a finished video in it.
    const old = new Database(path);
    const sqliteTypes = {
      int: 'INTEGER',
      real: 'REAL',
      serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
      rowidColumn: '',
    };
    old.exec(
      'CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((m) => m.version === 1 || m.version === 20)) {
      old.exec(m.sql(sqliteTypes));
      old.prepare('INSERT INTO migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    old.exec(`
      INSERT INTO accounts VALUES ('acct_old', 'veteran', 'pro', 7, 1700000000);
      INSERT INTO videos (id, account_id, model, status, progress, prompt, seconds, width, height, seed, cost,
        watermark, created_at, completed_at)
      VALUES ('video_old', 'acct_old', 'kino-procedural', 'completed', 100, 'a ship', 2, 480, 480, 9, 2, 0,
        1700000000, 1700000100);`);
    old.close();

    const store = openSqliteStore(path);
    try {
      expect(await store.accountByName('veteran')).toMatchObject({ id: 'acct_old', credits: 7 });
      expect(await store.videoById('video_old')).toMatchObject({
        status: 'completed',
        lane: 'priority',
        style: null,
        expiresAt: null,
        edit: null,
        seconds: 2,
      });
      const [made] = await store.createVideos([newVideo('acct_old', 3, { lane: 'relaxed' })]);
      expect(made).toMatchObject({ lane: 'relaxed', cost: 3 });
      expect((await store.account('acct_old'))?.credits).toBe(4);
    } finally {
      await store.close();
    }
    const check = new Database(path, { readonly: true });
    const versions = check.prepare('SELECT version FROM migrations ORDER BY version').all();
    check.close();
    expect(versions).toEqual([{ version: 1 }, { version: 10 }, { version: 20 }, { version: 30 }]);
    await rm(dir, { recursive: true, force: true });
  });
});
