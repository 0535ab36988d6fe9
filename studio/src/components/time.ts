/** Any i18next `t` bound to the common namespace. */
type Translate = (key: string, options?: { count: number }) => string;

/** "3 min ago" in the UI language, from unix seconds. */
export function relativeTime(t: Translate, unixSec: number, nowMs = Date.now()): string {
  const minutes = Math.floor((nowMs / 1000 - unixSec) / 60);
  if (minutes < 1) return t('time.justNow');
  if (minutes < 60) return t('time.minutesAgo', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hoursAgo', { count: hours });
  return t('time.daysAgo', { count: Math.floor(hours / 24) });
}
