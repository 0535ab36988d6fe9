/**
 * The selected card: what it shows (a prompt, an uploaded image, or a video uploaded or picked from the
 * library), its length, how it enters, and delete. Problems (found here or named by the API) show next to
 * the control they concern.
 */
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.tsx';
import { ChoiceGroup, Field } from '../../components/Field.tsx';
import { VideoPicker } from '../video/VideoPicker.tsx';
import { MIN_CARD_SEC, type BoardCard, type CardKind, type Transition } from './board.ts';

const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp';
const VIDEO_ACCEPT = 'video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.mov,.webm,.mkv';
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const KINDS: CardKind[] = ['prompt', 'image', 'video'];

export function CardEditor({
  card,
  index,
  start,
  maxLength,
  transition,
  problem,
  serverError,
  videoSource,
  thumbnail,
  onKind,
  onChange,
  onLength,
  onRemove,
  onVideoSource,
  onFileError,
}: {
  card: BoardCard;
  index: number;
  start: number;
  maxLength: number;
  transition: Transition | undefined;
  /** A problem found before rendering, shown once the person has tried to render. */
  problem: string | undefined;
  serverError: string | undefined;
  videoSource: 'upload' | 'library';
  thumbnail: string | undefined;
  onKind: (kind: CardKind) => void;
  onChange: (patch: Partial<Omit<BoardCard, 'id'>>) => void;
  onLength: (length: number) => void;
  onRemove: () => void;
  onVideoSource: (source: 'upload' | 'library') => void;
  onFileError: (message: string | undefined) => void;
}) {
  const { t } = useTranslation('storyboard');
  const error = serverError ?? problem;

  const pickFile = (file: File | undefined, kind: 'image' | 'video') => {
    if (!file) return;
    const allowed =
      kind === 'image' ? /^image\/(png|jpeg|webp)$/ : /^video\/(mp4|quicktime|webm|x-matroska)$/;
    const byName = kind === 'image' ? /\.(png|jpe?g|webp)$/i : /\.(mp4|mov|webm|mkv)$/i;
    if (!allowed.test(file.type) && !byName.test(file.name)) {
      onFileError(t(kind === 'image' ? 'card.badImage' : 'card.badVideo', { name: file.name }));
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      onFileError(t('card.tooLarge', { name: file.name, max: 50 }));
      return;
    }
    onFileError(undefined);
    onChange(kind === 'video' ? { file, videoId: undefined, videoPrompt: undefined } : { file });
  };

  return (
    <section className="vpanel card-editor" aria-labelledby="card-editor-title" data-testid="card-editor">
      <header className="vpanel__head">
        <h2 className="vpanel__title" id="card-editor-title">
          {t('card.title', { n: index + 1 })}
        </h2>
        <span className="vpanel__aside">
          {t('card.when', { start: start.toFixed(1), end: (start + card.length).toFixed(1) })}
          {' · '}
          {transition?.type === 'dissolve'
            ? t('transition.dissolve', { seconds: transition.seconds })
            : index === 0
              ? t('transition.first')
              : t('transition.cut')}
        </span>
      </header>
      <div className="card-editor__grid">
        <ChoiceGroup
          legend={t('card.kind')}
          name={`kind-${card.id}`}
          value={card.kind}
          onChange={onKind}
          options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
        <Field
          label={t('card.length')}
          hint={t('card.lengthHint', { min: MIN_CARD_SEC, max: maxLength.toFixed(1) })}
        >
          {(control) => (
            <input
              {...control}
              className="input input--narrow"
              type="number"
              name="card-length"
              min={MIN_CARD_SEC}
              max={maxLength}
              step={0.5}
              value={card.length}
              onChange={(e) => onLength(Number(e.target.value) || MIN_CARD_SEC)}
            />
          )}
        </Field>
      </div>

      {card.kind === 'prompt' ? (
        <Field label={t('card.prompt')} hint={t('card.promptHint')} error={error}>
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={3}
              name="card-prompt"
              value={card.prompt}
              placeholder={t('card.promptPlaceholder')}
              onChange={(e) => onChange({ prompt: e.target.value })}
            />
          )}
        </Field>
      ) : null}

      {card.kind === 'image' ? (
        <>
          <Field label={t('card.image')} hint={t('card.imageHint')} error={error}>
            {(control) => (
              <div className="sb-upload">
                {thumbnail ? (
                  <img className="sb-upload__preview" src={thumbnail} alt={card.file?.name ?? ''} />
                ) : null}
                <input
                  {...control}
                  className="sb-upload__input"
                  type="file"
                  name="card-image"
                  accept={IMAGE_ACCEPT}
                  onChange={(e) => pickFile(e.target.files?.[0], 'image')}
                />
              </div>
            )}
          </Field>
          <Field label={t('card.motion')} hint={t('card.motionHint')}>
            {(control) => (
              <input
                {...control}
                className="input"
                name="card-motion"
                value={card.prompt}
                placeholder={t('card.motionPlaceholder')}
                onChange={(e) => onChange({ prompt: e.target.value })}
              />
            )}
          </Field>
        </>
      ) : null}

      {card.kind === 'video' ? (
        <>
          <ChoiceGroup
            legend={t('card.videoFrom')}
            name={`video-source-${card.id}`}
            value={videoSource}
            onChange={onVideoSource}
            options={[
              { value: 'library', label: t('card.fromLibrary') },
              { value: 'upload', label: t('card.upload') },
            ]}
          />
          {videoSource === 'library' ? (
            <VideoPicker
              legend={t('card.pickVideo')}
              value={card.videoId}
              onChange={(id, video) => {
                onFileError(undefined);
                onChange({ videoId: id, videoPrompt: video.prompt, file: undefined });
              }}
              error={error}
            />
          ) : (
            <Field label={t('card.video')} hint={t('card.videoHint')} error={error}>
              {(control) => (
                <input
                  {...control}
                  className="sb-upload__input"
                  type="file"
                  name="card-video"
                  accept={VIDEO_ACCEPT}
                  onChange={(e) => pickFile(e.target.files?.[0], 'video')}
                />
              )}
            </Field>
          )}
        </>
      ) : null}

      <div className="card-editor__foot">
        <Button variant="danger" size="sm" onClick={onRemove}>
          {t('card.remove')}
        </Button>
      </div>
    </section>
  );
}
