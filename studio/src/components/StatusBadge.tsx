import { useTranslation } from 'react-i18next';
import type { Video, VideoStatus } from '../api/types.ts';

export function StatusBadge({ status }: { status: VideoStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge status-badge--${status}`} data-testid="status-badge">
      {t(`status.${status}`)}
    </span>
  );
}

/** A video's progress: a bar with its percentage, or its place in the queue while it waits. */
export function ProgressBar({ video }: { video: Video }) {
  const { t } = useTranslation();
  const percent = Math.max(0, Math.min(100, Math.round(video.progress)));
  const queued = video.status === 'queued';
  return (
    <div className="progress" data-testid="progress">
      <div
        className={`progress__track${queued ? ' progress__track--waiting' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={t(`status.${video.status}`)}
      >
        <div className="progress__fill" style={{ width: `${queued ? 0 : percent}%` }} />
      </div>
      <span className="progress__label" data-testid="progress-label">
        {queued && video.kino.queue_position !== null
          ? t('queuePosition', { count: video.kino.queue_position })
          : t('progress', { percent })}
      </span>
    </div>
  );
}
