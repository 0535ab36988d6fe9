import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A message across a page or a form: info, warning (paused sign-ups, busy queue) or error. */
export function Banner({
  tone = 'info',
  children,
  action,
  onDismiss,
  testId,
}: {
  tone?: 'info' | 'warning' | 'error' | 'success';
  children: ReactNode;
  action?: ReactNode;
  onDismiss?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div
      className={`banner banner--${tone}`}
      role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <span className="banner__dot" aria-hidden="true" />
      <div className="banner__body">{children}</div>
      {action}
      {onDismiss ? (
        <button type="button" className="banner__close" onClick={onDismiss} aria-label={t('dismiss')}>
          ×
        </button>
      ) : null}
    </div>
  );
}
