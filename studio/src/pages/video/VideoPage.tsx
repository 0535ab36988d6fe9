/**
 * A video: the player (or live progress while it renders), download, the prompt and settings, its
 * Content Credentials, and the edit actions (remix, re-cut, extend, loop, blend), each of which opens
 * the new video's page.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiGet, contentUrl } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { Video } from '../../api/types.ts';
import { useVideoEvents } from '../../api/useVideoEvents.ts';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LoadingBlock } from '../../components/Spinner.tsx';
import { ProgressBar, StatusBadge } from '../../components/StatusBadge.tsx';
import { CredentialsPanel } from './CredentialsPanel.tsx';
import { BlendForm, ExtendForm, LoopForm, RecutForm, RemixForm } from './EditForms.tsx';
import './video.css';

export default function VideoPage() {
  const { id = '' } = useParams();
  // A fresh view per id, so nothing of the previous video's live state carries over.
  return <VideoLoader key={id} id={id} />;
}

function VideoLoader({ id }: { id: string }) {
  const { t, i18n } = useTranslation('video');
  const [initial, setInitial] = useState<Video | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    apiGet<Video>(`/v1/videos/${encodeURIComponent(id)}`, controller.signal)
      .then(setInitial)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => controller.abort();
  }, [id, attempt]);

  if (error) {
    const missing = (error as { status?: number }).status === 404;
    return (
      <div className="page">
        <EmptyState
          title={missing ? t('missing.title') : t('loadFailed')}
          body={missing ? t('missing.body') : errorMessage(i18n, error)}
          action={
            missing ? (
              <Link className="btn btn--primary btn--md" to="/library">
                {t('backToLibrary')}
              </Link>
            ) : (
              <Button onClick={() => setAttempt((n) => n + 1)}>{t('retry')}</Button>
            )
          }
        />
      </div>
    );
  }
  if (!initial) return <LoadingBlock label={t('loading')} />;
  return <VideoView initial={initial} />;
}

function VideoView({ initial }: { initial: Video }) {
  const { t } = useTranslation('video');
  const { video = initial, deleted } = useVideoEvents(initial.id, { initial });
  const player = useRef<HTMLVideoElement>(null);
  const seconds = Number(video.seconds);
  const [width, height] = video.size.split('x').map(Number) as [number, number];

  if (deleted) {
    return (
      <div className="page">
        <EmptyState
          title={t('deleted')}
          action={
            <Link className="btn btn--primary btn--md" to="/library">
              {t('backToLibrary')}
            </Link>
          }
        />
      </div>
    );
  }

  return (
    <div className="page video-page">
      <nav className="video-page__crumbs" aria-label={t('breadcrumbs')}>
        <Link to="/library">{t('backToLibrary')}</Link>
      </nav>
      <header className="page__head video-page__head">
        <div className="video-page__heading">
          <h1 className="page__title video-page__title">{video.prompt || t('untitled')}</h1>
          <div className="video-page__badges">
            <StatusBadge status={video.status} />
            <span className="video-page__meta">
              {t('meta', { size: video.size, seconds: seconds.toFixed(seconds % 1 ? 1 : 0) })}
            </span>
          </div>
        </div>
        {video.status === 'completed' ? <Download video={video} /> : null}
      </header>

      <div className="video-page__layout">
        <div className="video-page__main">
          <div
            className="stage"
            style={{ aspectRatio: `${width} / ${height}` }}
            data-orientation={width > height ? 'landscape' : width < height ? 'portrait' : 'square'}
          >
            {video.status === 'completed' ? (
              <video
                ref={player}
                className="stage__video"
                controls
                playsInline
                preload="metadata"
                poster={contentUrl(video.id, 'thumbnail')}
                src={contentUrl(video.id)}
                aria-label={t('player', { prompt: video.prompt })}
                data-testid="player"
              />
            ) : video.status === 'failed' ? (
              <div className="stage__state stage__state--failed" role="alert">
                <h2>{t('failed.title')}</h2>
                <p>{video.error?.message ?? t('failed.body')}</p>
              </div>
            ) : (
              <div className="stage__state" aria-live="polite">
                <p className="stage__label">
                  {t(video.status === 'queued' ? 'rendering.queued' : 'rendering.title')}
                </p>
                <ProgressBar video={video} />
                <p className="stage__hint">{t('rendering.hint')}</p>
              </div>
            )}
          </div>
          {video.status === 'completed' ? (
            <EditActions
              video={video}
              onScrub={(sec) => {
                const el = player.current;
                if (el) {
                  el.pause();
                  el.currentTime = sec;
                }
              }}
            />
          ) : null}
        </div>

        <aside className="video-page__side">
          <Details video={video} />
          {video.status === 'completed' ? <CredentialsPanel videoId={video.id} /> : null}
        </aside>
      </div>
    </div>
  );
}

function Download({ video }: { video: Video }) {
  const { t } = useTranslation('video');
  return (
    <div className="download">
      <a className="btn btn--primary btn--md" href={contentUrl(video.id)} download={`kino-${video.id}.mp4`}>
        <DownloadIcon />
        {t('download.button')}
      </a>
      <p className="download__note" data-testid="download-note">
        {video.kino.watermark ? (
          <>
            {t('download.watermarked')} <Link to="/account">{t('download.upgrade')}</Link>
          </>
        ) : (
          t('download.clean')
        )}
      </p>
    </div>
  );
}

function Details({ video }: { video: Video }) {
  const { t, i18n } = useTranslation('video');
  const rows: [string, React.ReactNode][] = [
    [t('details.size'), video.size],
    [t('details.duration'), t('details.seconds', { seconds: video.seconds })],
    [t('details.model'), video.model],
    [t('details.style'), video.kino.style ?? t('details.styleFromPrompt')],
    [t('details.seed'), String(video.kino.seed)],
    [t('details.cost'), t('details.credits', { count: video.kino.cost })],
    [t('details.created'), new Date(video.created_at * 1000).toLocaleString(i18n.language)],
  ];
  return (
    <section className="vpanel" aria-labelledby="details-title">
      <header className="vpanel__head">
        <h2 className="vpanel__title" id="details-title">
          {t('details.title')}
        </h2>
      </header>
      <p className="details__prompt" data-testid="prompt">
        {video.prompt}
      </p>
      {video.remixed_from_video_id ? (
        <p className="details__parent">
          {t('details.madeFrom')}{' '}
          <Link to={`/videos/${video.remixed_from_video_id}`} data-testid="parent-link">
            {t('details.parentVideo')}
          </Link>
        </p>
      ) : null}
      <dl className="vfacts">
        {rows.map(([label, value]) => (
          <div className="vfacts__row" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const TABS = ['remix', 'recut', 'extend', 'loop', 'blend'] as const;
type Tab = (typeof TABS)[number];

function EditActions({ video, onScrub }: { video: Video; onScrub: (sec: number) => void }) {
  const { t } = useTranslation('video');
  const [tab, setTab] = useState<Tab>('remix');
  const vtabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const next =
      e.key === 'ArrowRight'
        ? i + 1
        : e.key === 'ArrowLeft'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const j = (next + TABS.length) % TABS.length;
    setTab(TABS[j]!);
    vtabs.current[j]?.focus();
  };
  return (
    <section className="vpanel edit-actions" aria-labelledby="edit-title">
      <header className="vpanel__head">
        <h2 className="vpanel__title" id="edit-title">
          {t('edit.title')}
        </h2>
        <span className="vpanel__aside">{t('edit.aside')}</span>
      </header>
      <div className="vtabs" role="tablist" aria-labelledby="edit-title">
        {TABS.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              vtabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className={`vtabs__tab${tab === name ? ' vtabs__tab--on' : ''}`}
            onClick={() => setTab(name)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t(`edit.tabs.${name}`)}
          </button>
        ))}
      </div>
      {/* Every form stays mounted, so switching vtabs keeps what was typed. */}
      {TABS.map((name) => (
        <div
          key={name}
          className="vtabs__panel"
          role="tabpanel"
          id={`panel-${name}`}
          aria-labelledby={`tab-${name}`}
          hidden={tab !== name}
        >
          {name === 'remix' ? <RemixForm video={video} /> : null}
          {name === 'recut' ? <RecutForm video={video} onScrub={onScrub} /> : null}
          {name === 'extend' ? <ExtendForm video={video} /> : null}
          {name === 'loop' ? <LoopForm video={video} /> : null}
          {name === 'blend' ? <BlendForm video={video} /> : null}
        </div>
      ))}
    </section>
  );
}

function DownloadIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      <path
        d="M10 3v9m0 0-3.5-3.5M10 12l3.5-3.5M4 15.5h12"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
