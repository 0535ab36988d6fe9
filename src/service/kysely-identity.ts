/** Logins, sessions, key management and operator settings (migration 20), on Kysely for both databases. */
import { randomUUID } from 'node:crypto';
import { KinoError } from '../errors.ts';
import { changed, inTransaction, isUniqueViolation, type KinoDatabase } from './kysely-database.ts';
import { toAccount } from './kysely-rows.ts';
import { apiKeyId, type Store } from './store.ts';

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

const emailTaken = (email: string) =>
  new KinoError(
    'already_exists',
    `an account with email ${JSON.stringify(email)} already exists; log in instead (POST /v1/sessions)`,
    'email',
  );
const nameTaken = (name: string) =>
  new KinoError(
    'already_exists',
    `an account named ${JSON.stringify(name)} already exists; choose another name`,
    'name',
  );

export function identityStore(database: KinoDatabase): Pick<Store, IdentityMethods> {
  const { db } = database;
  return {
    async signUp(account, firstKey) {
      const attempt = () =>
        inTransaction(database, async (tx) => {
          const email = await tx
            .selectFrom('logins')
            .select('account_id')
            .where('email', '=', account.email)
            .executeTakeFirst();
          if (email) throw emailTaken(account.email);
          const name = await tx
            .selectFrom('accounts')
            .select('id')
            .where('name', '=', account.name)
            .executeTakeFirst();
          if (name) throw nameTaken(account.name);
          const id = `acct_${randomUUID().replaceAll('-', '')}`;
          const now = Math.floor(Date.now() / 1000);
          const row = await tx
            .insertInto('accounts')
            .values({
              id,
              name: account.name,
              plan: account.plan,
              credits: account.credits,
              created_at: now,
              credits_period: null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('logins')
            .values({
              account_id: id,
              email: account.email,
              password_hash: account.passwordHash,
              created_at: now,
            })
            .execute();
          await tx
            .insertInto('api_keys')
            .values({ hash: firstKey.hash, account_id: id, prefix: firstKey.prefix, created_at: now })
            .execute();
          return toAccount(row);
        });
      try {
        return await attempt();
      } catch (err) {
        // Another server signed the same email or name up between our check and insert: the transaction
        // rolled back; one more try reports which one is taken.
        if (isUniqueViolation(err)) return attempt();
        throw err;
      }
    },
    async loginByEmail(email) {
      const row = await db
        .selectFrom('logins as l')
        .innerJoin('accounts as a', 'a.id', 'l.account_id')
        .selectAll('a')
        .select('l.password_hash')
        .where('l.email', '=', email)
        .executeTakeFirst();
      return row && { account: toAccount(row), passwordHash: row.password_hash };
    },
    async emailOf(accountId) {
      const row = await db
        .selectFrom('logins')
        .select('email')
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row?.email;
    },
    async addSession({ hash, accountId, nowMs, expiresAtMs }) {
      await db.deleteFrom('sessions').where('expires_at_ms', '<=', nowMs).execute();
      await db
        .insertInto('sessions')
        .values({ hash, account_id: accountId, created_at_ms: nowMs, expires_at_ms: expiresAtMs })
        .execute();
    },
    async accountBySessionHash(hash, nowMs) {
      const row = await db
        .selectFrom('sessions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .selectAll('a')
        .where('s.hash', '=', hash)
        .where('s.expires_at_ms', '>', nowMs)
        .executeTakeFirst();
      return row && toAccount(row);
    },
    async deleteSession(hash) {
      return changed(await db.deleteFrom('sessions').where('hash', '=', hash).executeTakeFirst()) === 1;
    },
    async apiKeys(accountId) {
      const rows = await db
        .selectFrom('api_keys')
        .select(['hash', 'prefix', 'created_at'])
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('hash')
        .execute();
      return rows.map((r) => ({ id: apiKeyId(r.hash), prefix: r.prefix, createdAt: r.created_at }));
    },
    async deleteApiKey(accountId, keyId) {
      if (!/^key_[0-9a-f]{24}$/.test(keyId)) return false;
      const result = await db
        .deleteFrom('api_keys')
        .where('account_id', '=', accountId)
        .where((eb) => eb.fn('substr', ['hash', eb.lit(1), eb.lit(24)]), '=', keyId.slice(4))
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async setting(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    async setSetting(key, value, nowMs) {
      if (value === undefined) {
        await db.deleteFrom('settings').where('key', '=', key).execute();
        return;
      }
      await db
        .insertInto('settings')
        .values({ key, value, updated_at_ms: nowMs })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_at_ms: eb.ref('excluded.updated_at_ms'),
          })),
        )
        .execute();
    },
  };
}
