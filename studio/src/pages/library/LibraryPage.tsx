/**
 * Library: the account's videos, newest first (cursor-paged `GET /v1/videos`), with live status on
 * unfinished ones, variations grouped, search by prompt and filters by status and style. Search and
 * filters apply to the pages loaded so far; "Load more" reaches older videos.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { List, Video } from '../../api/types.ts';
import { useServiceStatus } from '../../app/service-status.tsx';
import { Banner } from '../../components/Banner.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LoadingBlock } from '../../components/Spinner.tsx';
import { VideoCard } from '../../components/VideoCard.tsx';
import { groupVariations, matches, type StatusFilter, type VideoGroup } from './groups.ts';

const PAGE_SIZE = 48;
const STATUS_FILTERS: StatusFilter[] = ['all', 'rendering', 'completed', 'failed'];

interface Loaded {
  readonly videos: Video[];
  readonly hasMore: boolean;
}

export function LibraryPage() {
  const { t, i18n } = useTranslation('library');
  const serviceStatus = useServiceStatus();
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [style, setStyle] = useState('');

  const load = useCallback(async (after?: string) => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (after) params.set('after', after);
    const page = await apiGet<List<Video>>(`/v1/videos?${params}`);
    setLoaded((prev) => ({
      videos: after && prev ? [...prev.videos, ...page.data] : [...page.data],
      hasMore: page.has_more,
    }));
  }, []);

  const reload = useCallback(() => {
    setError(undefined);
    load().catch(setError);
  }, [load]);

  useEffect(reload, [reload]);

  async function loadMore() {
    const last = loaded?.videos.at(-1);
    if (!last) return;
    setLoadingMore(true);
    try {
      await load(last.id);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  }

  /** A card's video moved on (SSE): keep the list in step, so filters see the new status. */
  const onChange = useCallback((video: Video) => {
    setLoaded((prev) => prev && { ...prev, videos: prev.videos.map((v) => (v.id === video.id ? video : v)) });
  }, []);

  const groups = useMemo(() => {
    const all = groupVariations(loaded?.videos ?? []);
    return all.filter((g) => g.videos.some((v) => matches(v, query, status, style)));
  }, [loaded, query, status, style]);

  const filtering = query.trim() !== '' || status !== 'all' || style !== '';
  const styles = serviceStatus?.styles ?? [];
  const total = loaded?.videos.length ?? 0;

  return (
    <div className="page library">
      <header className="page__head">
        <div>
          <h1 className="page__title">{t('title')}</h1>
          <p className="page__lead">
            {loaded ? t('count', { count: total, more: loaded.hasMore ? '+' : '' }) : t('lead')}
          </p>
        </div>
        <Link to="/compose" className="btn btn--primary btn--md">
          {t('newVideo')}
        </Link>
      </header>

      <div className="toolbar" role="search">
        <label className="toolbar__search">
          <span className="visually-hidden">{t('search.label')}</span>
          <svg className="toolbar__icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <circle cx="9" cy="9" r="6" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M13.5 13.5 18 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <input
            className="input"
            type="search"
            name="q"
            placeholder={t('search.placeholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <div className="segmented" role="group" aria-label={t('filters.status')}>
          {STATUS_FILTERS.map((s) => (
            <button
              key={s}
              type="button"
              className={`segmented__option${status === s ? ' segmented__option--on' : ''}`}
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
            >
              {t(`filters.${s}`)}
            </button>
          ))}
        </div>
        <label className="toolbar__style">
          <span className="visually-hidden">{t('filters.style')}</span>
          <select className="select" name="style" value={style} onChange={(e) => setStyle(e.target.value)}>
            <option value="">{t('filters.allStyles')}</option>
            {styles.map((s) => (
              <option key={s} value={s}>
                {t(`compose:vocab.style.${s}`, { defaultValue: s })}
              </option>
            ))}
          </select>
        </label>
      </div>

      {error ? (
        <Banner
          tone="error"
          action={
            <Button size="sm" onClick={reload}>
              {t('common:retry')}
            </Button>
          }
        >
          {t('error', { message: errorMessage(i18n, error) })}
        </Banner>
      ) : null}

      {!loaded && !error ? (
        <LoadingBlock />
      ) : loaded && total === 0 ? (
        <EmptyState
          title={t('empty.title')}
          body={t('empty.body')}
          action={
            <Link to="/compose" className="btn btn--primary btn--md">
              {t('empty.cta')}
            </Link>
          }
        />
      ) : loaded && groups.length === 0 ? (
        <EmptyState
          title={t('noMatch.title')}
          body={loaded.hasMore ? t('noMatch.bodyMore') : t('noMatch.body')}
          action={
            <Button
              onClick={() => {
                setQuery('');
                setStatus('all');
                setStyle('');
              }}
            >
              {t('noMatch.clear')}
            </Button>
          }
        />
      ) : (
        <div className="video-grid" data-testid="library-grid">
          {groups.map((g) => (
            <GroupCard key={g.key} group={g} onChange={onChange} />
          ))}
        </div>
      )}

      {loaded?.hasMore ? (
        <div className="library__more">
          {filtering ? <p className="field__hint">{t('searchLoaded', { count: total })}</p> : null}
          <Button onClick={() => void loadMore()} busy={loadingMore}>
            {t('loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** One request's variations as one card; the switcher picks which one the card shows. */
function GroupCard({ group, onChange }: { group: VideoGroup; onChange: (v: Video) => void }) {
  const { t } = useTranslation('library');
  const [index, setIndex] = useState(0);
  const video = group.videos[Math.min(index, group.videos.length - 1)]!;
  const overlay =
    group.videos.length > 1 ? (
      <div
        className="variations"
        role="group"
        aria-label={t('variations', { count: group.videos.length })}
        data-testid="variations"
      >
        {group.videos.map((v, i) => (
          <button
            key={v.id}
            type="button"
            className={`variations__dot${i === index ? ' variations__dot--on' : ''}`}
            aria-pressed={i === index}
            aria-label={t('common:video.variation', { index: i + 1, count: group.videos.length })}
            onClick={() => setIndex(i)}
          >
            {i + 1}
          </button>
        ))}
      </div>
    ) : undefined;
  return <VideoCard key={video.id} video={video} overlay={overlay} onChange={onChange} />;
}
