/** `/`: the recent-videos feed for a signed-in person, a landing with sign-up and login otherwise. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { List, Video } from '../../api/types.ts';
import { useSession } from '../../app/session.tsx';
import { Banner } from '../../components/Banner.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LoadingBlock } from '../../components/Spinner.tsx';
import { VideoCard } from '../../components/VideoCard.tsx';

const FEED_SIZE = 8;

export function HomePage() {
  const { account } = useSession();
  if (account === undefined) return <LoadingBlock />;
  return account ? <Feed name={account.name} /> : <Landing />;
}

function Landing() {
  const { t } = useTranslation();
  const features = [1, 2, 3] as const;
  return (
    <div className="landing">
      <section className="hero">
        <div className="hero__glow" aria-hidden="true" />
        <div className="hero__inner">
          <p className="hero__eyebrow">{t('landing.eyebrow')}</p>
          <h1 className="hero__title">{t('landing.title')}</h1>
          <p className="hero__lead">{t('landing.lead')}</p>
          <div className="hero__actions">
            <Link to="/signup" className="btn btn--primary btn--lg">
              {t('landing.cta')}
            </Link>
            <Link to="/login" className="btn btn--secondary btn--lg">
              {t('landing.login')}
            </Link>
          </div>
        </div>
        <FilmStrip />
      </section>
      <section className="features">
        {features.map((i) => (
          <article key={i} className="feature">
            <span className="feature__num" aria-hidden="true">
              {`0${i}`}
            </span>
            <h2 className="feature__title">{t(`landing.feature${i}Title`)}</h2>
            <p className="feature__body">{t(`landing.feature${i}Body`)}</p>
          </article>
        ))}
      </section>
    </div>
  );
}

/** A decorative strip of frames: colour fields in the look book's palettes. */
function FilmStrip() {
  const frames = ['fog', 'neon', 'dawn', 'sea', 'dusk'];
  return (
    <div className="filmstrip" aria-hidden="true">
      {frames.map((f) => (
        <div key={f} className={`filmstrip__frame filmstrip__frame--${f}`} />
      ))}
    </div>
  );
}

function Feed({ name }: { name: string }) {
  const { t, i18n } = useTranslation();
  const [videos, setVideos] = useState<readonly Video[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    apiGet<List<Video>>(`/v1/videos?limit=${FEED_SIZE}`, controller.signal)
      .then((list) => setVideos(list.data))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      });
    return () => controller.abort();
  }, []);

  return (
    <div className="page feed">
      <header className="page__head">
        <div>
          <h1 className="page__title">{t('feed.title', { name })}</h1>
          <p className="page__lead">{t('feed.lead')}</p>
        </div>
        <Link to="/compose" className="btn btn--primary btn--md">
          {t('feed.newVideo')}
        </Link>
      </header>
      {error ? <Banner tone="error">{errorMessage(i18n, error)}</Banner> : null}
      {!videos && !error ? (
        <LoadingBlock />
      ) : videos && videos.length === 0 ? (
        <EmptyState
          title={t('feed.empty')}
          body={t('feed.emptyBody')}
          action={
            <Link to="/compose" className="btn btn--primary btn--md">
              {t('feed.emptyCta')}
            </Link>
          }
        />
      ) : videos ? (
        <>
          <div className="section-head">
            <h2 className="section-title">{t('feed.recent')}</h2>
            <Link to="/library">{t('feed.seeAll')}</Link>
          </div>
          <div className="video-grid">
            {videos.map((v) => (
              <VideoCard key={v.id} video={v} />
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
