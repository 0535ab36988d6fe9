import type { ReactNode } from 'react';

/** What a list or page shows when it has nothing yet, with the next step as its action. */
export function EmptyState({
  title,
  body,
  action,
  icon,
}: {
  title: ReactNode;
  body?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <div className="empty-state__icon" aria-hidden="true">
        {icon ?? <FilmIcon />}
      </div>
      <h2 className="empty-state__title">{title}</h2>
      {body ? <p className="empty-state__body">{body}</p> : null}
      {action ? <div className="empty-state__action">{action}</div> : null}
    </div>
  );
}

function FilmIcon() {
  return (
    <svg viewBox="0 0 48 48" width="48" height="48" fill="none" stroke="currentColor" strokeWidth="2">
      <rect x="6" y="10" width="36" height="28" rx="4" />
      <path d="M6 18h36M6 30h36M14 10v8M24 10v8M34 10v8M14 30v8M24 30v8M34 30v8" />
    </svg>
  );
}
