/** A video just created on Compose: live progress while it renders, then the player. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { contentUrl } from '../../api/client.ts';
import type { Video } from '../../api/types.ts';
import { useVideoEvents } from '../../api/useVideoEvents.ts';
import { ProgressBar, StatusBadge } from '../../components/StatusBadge.tsx';

export function ResultCard({
  video: initial,
  onFinished,
}: {
  video: Video;
  onFinished?: (v: Video) => void;
}) {
  const { t } = useTranslation('compose');
  const { video = initial } = useVideoEvents(initial.id, { initial });
  const [w, h] = video.size.split('x').map(Number) as [number, number];
  const done = video.status === 'completed' || video.status === 'failed';
  const reported = useRef(false);

  useEffect(() => {
    if (done && !reported.current) {
      reported.current = true;
      onFinished?.(video);
    }
  }, [done, video, onFinished]);

  return (
    <article className="result" data-testid="result" data-video-id={video.id} data-status={video.status}>
      <div className="result__frame" style={{ aspectRatio: `${w} / ${h}` }}>
        {video.status === 'completed' ? (
          <video
            className="result__player"
            src={contentUrl(video.id)}
            poster={contentUrl(video.id, 'thumbnail')}
            controls
            autoPlay
            muted
            loop
            playsInline
            data-testid="result-player"
          />
        ) : video.status === 'failed' ? (
          <p className="result__failed" role="alert">
            {video.error?.message}
          </p>
        ) : (
          <div className="result__pending">
            <ProgressBar video={video} />
          </div>
        )}
      </div>
      <div className="result__body">
        <StatusBadge status={video.status} />
        <span className="result__meta">
          {video.size.replace('x', '×')} · {t('duration.value', { count: Number(video.seconds) })}
        </span>
        <Link to={`/videos/${video.id}`} className="result__open">
          {t('results.open')}
        </Link>
      </div>
    </article>
  );
}
