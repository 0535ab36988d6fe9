import { useTranslation } from 'react-i18next';

/** A small spinning ring; `label` is read to screen readers (defaults to "Loading…"). */
export function Spinner({ size = 'md', label }: { size?: 'sm' | 'md' | 'lg'; label?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`spinner spinner--${size}`} role="status" aria-label={label ?? t('loading')}>
      <span className="spinner__ring" aria-hidden="true" />
    </span>
  );
}

/** A centred spinner for a whole page or panel while its data loads. */
export function LoadingBlock({ label }: { label?: string }) {
  return (
    <div className="loading-block">
      <Spinner size="lg" {...(label ? { label } : {})} />
    </div>
  );
}
