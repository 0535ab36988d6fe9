/**
 * Pick one of the account's completed videos (newest first): thumbnails as a radio group, so the arrow
 * keys move between them. Used by Blend (the second video) and by storyboard video cards.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, contentUrl } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { List, Video } from '../../api/types.ts';
import { LoadingBlock } from '../../components/Spinner.tsx';

export function useCompletedVideos(exclude?: string): { videos: Video[] | undefined; error: unknown } {
  const [videos, setVideos] = useState<Video[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    apiGet<List<Video>>('/v1/videos?limit=100', controller.signal)
      .then((list) => setVideos(list.data.filter((v) => v.status === 'completed' && v.id !== exclude)))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => controller.abort();
  }, [exclude]);
  return { videos, error };
}

export function VideoPicker({
  legend,
  value,
  onChange,
  exclude,
  error,
}: {
  legend: string;
  value: string | undefined;
  onChange: (id: string, video: Video) => void;
  exclude?: string;
  error?: string | undefined;
}) {
  const { t, i18n } = useTranslation('video');
  const { videos, error: loadError } = useCompletedVideos(exclude);
  return (
    <fieldset className={`video-picker${error ? ' field--invalid' : ''}`} data-testid="video-picker">
      <legend className="field__label">{legend}</legend>
      {loadError ? (
        <p className="field__error" role="alert">
          {errorMessage(i18n, loadError)}
        </p>
      ) : !videos ? (
        <LoadingBlock />
      ) : videos.length === 0 ? (
        <p className="field__hint">{t('picker.empty')}</p>
      ) : (
        <div className="video-picker__grid">
          {videos.map((v) => (
            <label
              key={v.id}
              className={`video-picker__item${value === v.id ? ' video-picker__item--on' : ''}`}
            >
              <input
                type="radio"
                name={`pick-${legend}`}
                className="visually-hidden"
                checked={value === v.id}
                onChange={() => onChange(v.id, v)}
              />
              <img src={contentUrl(v.id, 'thumbnail')} alt="" loading="lazy" />
              <span className="video-picker__prompt">{v.prompt}</span>
              <span className="video-picker__meta">
                {t('picker.meta', { seconds: Number(v.seconds), size: v.size })}
              </span>
            </label>
          ))}
        </div>
      )}
      {error ? (
        <p className="field__error" role="alert" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
