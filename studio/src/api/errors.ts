/**
 * An error in the UI language: the API's messages are English, so known codes (and code + param pairs)
 * have their own translation in the `common` namespace under `apiError`; anything else shows the API's
 * own message, which always says what was wrong.
 */
import type { i18n as I18n } from 'i18next';
import { ApiError } from './client.ts';

export function errorMessage(i18n: I18n, err: unknown): string {
  if (err instanceof ApiError) {
    const keys = [`apiError.${err.code}_${err.param ?? ''}`, `apiError.${err.code}`];
    for (const key of keys) {
      if (i18n.exists(key, { ns: 'common' })) return i18n.t(key, { ns: 'common', message: err.message });
    }
    if (err.code === 'network_error') return i18n.t('error.network', { ns: 'common' });
    return err.message;
  }
  return i18n.t('error.generic', { ns: 'common', message: (err as Error)?.message ?? String(err) });
}
