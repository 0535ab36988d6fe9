/**
 * A video in a grid: its thumbnail, and on hover or keyboard focus a muted, looping preview of the video
 * itself. Unfinished videos follow their progress live (SSE) and call `onChange` when their status moves.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { contentUrl } from '../api/client.ts';
import type { Video } from '../api/types.ts';
import { useVideoEvents } from '../api/useVideoEvents.ts';
import { StatusBadge, ProgressBar } from './StatusBadge.tsx';
import { relativeTime } from './time.ts';

export interface VideoCardProps {
  readonly video: Video;
  /** Extra content over the card's corner, e.g. a variations switcher. */
  readonly overlay?: ReactNode;
  readonly onChange?: (video: Video) => void;
}

export function VideoCard({ video: initial, overlay, onChange }: VideoCardProps) {
  const { t } = useTranslation();
  const { video = initial } = useVideoEvents(initial.id, { initial });
  const [hovering, setHovering] = useState(false);
  const previewRef = useRef<HTMLVideoElement>(null);
  const lastStatus = useRef(initial.status);
  const ready = video.status === 'completed';
  const [w, h] = video.size.split('x').map(Number) as [number, number];

  useEffect(() => {
    if (video.status !== lastStatus.current) {
      lastStatus.current = video.status;
      onChange?.(video);
    }
  }, [video, onChange]);

  useEffect(() => {
    const el = previewRef.current;
    if (!el) return;
    if (hovering) void el.play().catch(() => undefined);
    else el.pause();
  }, [hovering]);

  const title = video.prompt.trim() || t('video.untitled');
  return (
    <article
      className={`video-card video-card--${video.status}`}
      data-testid="video-card"
      data-video-id={video.id}
      data-status={video.status}
      onMouseEnter={() => setHovering(true)}
      onMouseLeave={() => setHovering(false)}
      onFocus={() => setHovering(true)}
      onBlur={() => setHovering(false)}
    >
      <Link
        to={`/videos/${video.id}`}
        className="video-card__link"
        aria-label={t('video.open', { prompt: title })}
      >
        <div className="video-card__frame" style={{ aspectRatio: `${w} / ${h}` }}>
          {ready ? (
            <>
              <img
                className="video-card__thumb"
                src={contentUrl(video.id, 'thumbnail')}
                alt=""
                loading="lazy"
              />
              {hovering ? (
                <video
                  ref={previewRef}
                  className="video-card__preview"
                  src={contentUrl(video.id)}
                  muted
                  loop
                  playsInline
                  autoPlay
                  preload="auto"
                  aria-hidden="true"
                />
              ) : null}
            </>
          ) : (
            <div className="video-card__pending">
              {video.status === 'failed' ? (
                <span className="video-card__failed">{video.error?.message ?? t('status.failed')}</span>
              ) : (
                <ProgressBar video={video} />
              )}
            </div>
          )}
          <div className="video-card__badges">
            <StatusBadge status={video.status} />
          </div>
        </div>
        <div className="video-card__body">
          <p className="video-card__prompt">{title}</p>
          <p className="video-card__meta">
            <span>{video.size.replace('x', '×')}</span>
            <span>{t('video.seconds', { count: Number(video.seconds) })}</span>
            {video.kino.style ? <span>{video.kino.style}</span> : null}
            <span>{relativeTime(t, video.created_at)}</span>
          </p>
        </div>
      </Link>
      {overlay ? <div className="video-card__overlay">{overlay}</div> : null}
    </article>
  );
}
