/** Operator actions behind `kino accounts create`. */
import { planLimits, type PlanName } from './plans.ts';
import type { Account, Store } from './store.ts';
import { KinoError } from '../errors.ts';

export async function createAccount(
  store: Store,
  options: { name: string; plan: PlanName; credits?: number },
): Promise<Account> {
  const name = options.name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new KinoError(
      'invalid_option',
      `account name ${JSON.stringify(options.name)} must be 1–64 letters, digits, ".", "_" or "-"`,
      'name',
    );
  }
  const credits = options.credits ?? planLimits(options.plan).initialCredits;
  if (!Number.isInteger(credits) || credits < 0) {
    throw new KinoError('invalid_option', `credits must be a whole number ≥ 0; got ${credits}`, 'credits');
  }
  return store.createAccount({ name, plan: options.plan, credits });
}
