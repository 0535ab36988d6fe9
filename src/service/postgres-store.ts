/**
 * The scale-out `Store`: PostgreSQL through `pg`, queried by the same Kysely store as SQLite. Any number of
 * API servers and workers share one database; migrations run under an advisory lock at open.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KinoError } from '../errors.ts';
import type { KinoDatabase, KinoTables } from './kysely-database.ts';
import { kyselyStore } from './kysely-store.ts';
import { kyselyWebhooks } from './kysely-webhooks.ts';
import { migratePostgres } from './migrations.ts';
import type { Store } from './store.ts';
import { newWebhookSecret, type WebhookStore } from './webhooks.ts';

const INT8 = 20;

/** BIGINT columns (milliseconds, seeds, counts) come back as numbers: every value we store is a safe integer. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Connections in the pool; default 10. */
  readonly maxConnections?: number;
}

/** A migrated Kysely handle on the database at `url`; destroying it ends the pool. */
export async function openPostgresDatabase(
  url: string,
  options: PostgresOptions = {},
): Promise<KinoDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types });
  // An idle client whose server went away (a restart) emits 'error'; the pool drops it and makes a new one.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new KinoError(
      'invalid_option',
      `cannot open the PostgreSQL database at ${redactUrl(url)}: ${(err as Error).message}`,
      'KINO_DATABASE_URL',
      { cause: err },
    );
  }
  return { db: new Kysely<KinoTables>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}

export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  return kyselyStore(await openPostgresDatabase(url, options));
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(unparseable URL)';
  }
}

/** The webhook outbox in the shared database, so that any API server's dispatcher delivers any event. */
export async function openPostgresWebhooks(
  url: string,
  options: PostgresOptions = {},
): Promise<WebhookStore> {
  return kyselyWebhooks(await openPostgresDatabase(url, options), newWebhookSecret);
}
