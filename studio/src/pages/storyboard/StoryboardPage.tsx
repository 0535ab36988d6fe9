/**
 * The storyboard editor: a timeline of cards (prompt, image or video), the selected card's editor, the
 * look that applies to every card, the frame size, and a summary (length, transitions, cost) with Render,
 * which posts to `/v1/storyboards` and opens the new video's page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiPost, contentUrl, isApiError } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { Video } from '../../api/types.ts';
import { useServiceStatus } from '../../app/service-status.tsx';
import { useSession } from '../../app/session.tsx';
import { Banner } from '../../components/Banner.tsx';
import { Button } from '../../components/Button.tsx';
import { ChoiceGroup, Field } from '../../components/Field.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import {
  ASPECTS,
  creditCost,
  FALLBACK_LIMITS,
  RESOLUTIONS,
  resolutionAllowed,
  sizeParam,
  type Aspect,
  type Resolution,
} from '../compose/settings.ts';
import {
  addCard,
  cardIndexOfParam,
  changeKind,
  MAX_BOARD_SEC,
  problemsOf,
  removeCard,
  resizeCard,
  startsOf,
  storyboardRequest,
  totalSeconds,
  transitionInto,
  updateCard,
  type Board,
  type BoardCard,
  type CardKind,
} from './board.ts';
import { CardEditor } from './CardEditor.tsx';
import { Timeline } from './Timeline.tsx';
import '../video/video.css';
import './storyboard.css';

const FIRST_BOARD: Board = { cards: [{ id: 'card-first', kind: 'prompt', length: 3, prompt: '' }] };

export default function StoryboardPage() {
  const { t, i18n } = useTranslation('storyboard');
  const navigate = useNavigate();
  const { account, refresh } = useSession();
  const status = useServiceStatus();
  const limits = (account && status?.plans[account.plan]) || FALLBACK_LIMITS;
  const maxSec = Math.min(MAX_BOARD_SEC, limits.max_seconds);

  const [board, setBoard] = useState<Board>(FIRST_BOARD);
  const [selected, setSelected] = useState<string | undefined>(FIRST_BOARD.cards[0]!.id);
  const [look, setLook] = useState('');
  const [aspect, setAspect] = useState<Aspect>('landscape');
  const [resolution, setResolution] = useState<Resolution>('480p');
  const [videoSources, setVideoSources] = useState<Record<string, 'upload' | 'library'>>({});
  const [fileErrors, setFileErrors] = useState<Record<string, string>>({});
  const [attempted, setAttempted] = useState(false);
  const [serverError, setServerError] = useState<{ cardId?: string; message: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  // Object URLs for uploaded images, made once per file and released with the page.
  const urls = useRef(new Map<File, string>());
  useEffect(() => {
    const made = urls.current;
    return () => made.forEach((url) => URL.revokeObjectURL(url));
  }, []);
  const thumbnailOf = (card: BoardCard): string | undefined => {
    if (card.kind === 'image' && card.file) {
      let url = urls.current.get(card.file);
      if (!url) {
        url = URL.createObjectURL(card.file);
        urls.current.set(card.file, url);
      }
      return url;
    }
    return card.kind === 'video' && card.videoId ? contentUrl(card.videoId, 'thumbnail') : undefined;
  };

  const total = totalSeconds(board);
  const starts = startsOf(board);
  const problems = useMemo(() => problemsOf(board), [board]);
  const shownProblems = useMemo(() => {
    const map = new Map<string, string>();
    if (attempted) problems.forEach((p, id) => map.set(id, p));
    Object.keys(fileErrors).forEach((id) => map.set(id, 'file'));
    if (serverError?.cardId) map.set(serverError.cardId, 'server');
    return map;
  }, [attempted, problems, fileErrors, serverError]);
  const index = board.cards.findIndex((c) => c.id === selected);
  const card = board.cards[index];
  const cost = creditCost({ seconds: Math.max(1, total), resolution, aspect, n: 1 });
  const transitions = board.cards.slice(1).map((_, i) => transitionInto(board, i + 1));
  const dissolves = transitions.filter((x) => x.type === 'dissolve').length;

  const edit = (next: Board) => {
    setBoard(next);
    setServerError(undefined);
  };

  function add(kind: CardKind) {
    const next = addCard(board, kind, maxSec);
    if (next === board) return;
    edit(next);
    // A new card starts empty; it is not an error until the next Render.
    setAttempted(false);
    setSelected(next.cards.at(-1)!.id);
  }

  async function render() {
    setAttempted(true);
    setServerError(undefined);
    const firstProblem = board.cards.find((c) => problems.has(c.id) || fileErrors[c.id]);
    if (firstProblem) {
      setSelected(firstProblem.id);
      return;
    }
    setBusy(true);
    try {
      const body = storyboardRequest(board, { size: sizeParam(aspect, resolution), prompt: look });
      const video = await apiPost<Video>('/v1/storyboards', body);
      void refresh();
      navigate(`/videos/${video.id}`);
    } catch (err) {
      const cardAt = cardIndexOfParam(isApiError(err) ? err.param : null);
      const named = cardAt === undefined ? undefined : board.cards[cardAt];
      setServerError({ ...(named ? { cardId: named.id } : {}), message: errorMessage(i18n, err) });
      if (named) setSelected(named.id);
    } finally {
      setBusy(false);
    }
  }

  const problemText = (c: BoardCard): string | undefined => {
    if (fileErrors[c.id]) return fileErrors[c.id];
    const p = attempted ? problems.get(c.id) : undefined;
    return p ? t(`problem.${p}`) : undefined;
  };

  return (
    <div className="page storyboard-page">
      <header className="page__head">
        <div>
          <h1 className="page__title">{t('title')}</h1>
          <p className="page__lead">{t('lead')}</p>
        </div>
      </header>

      <section className="vpanel storyboard-page__timeline" aria-labelledby="timeline-title">
        <header className="vpanel__head">
          <h2 className="vpanel__title" id="timeline-title">
            {t('timeline.title')}
          </h2>
          <div className="storyboard-page__add" role="group" aria-label={t('add.label')}>
            {(['prompt', 'image', 'video'] as const).map((kind) => (
              <Button key={kind} size="sm" onClick={() => add(kind)} disabled={maxSec - total < 0.5}>
                {t(`add.${kind}`)}
              </Button>
            ))}
          </div>
        </header>
        {board.cards.length === 0 ? (
          <EmptyState title={t('empty.title')} body={t('empty.body')} />
        ) : (
          <Timeline
            board={board}
            maxSec={maxSec}
            selected={selected}
            problems={shownProblems}
            onChange={edit}
            onSelect={setSelected}
            thumbnailOf={thumbnailOf}
          />
        )}
        {maxSec - total < 0.5 && board.cards.length > 0 ? (
          <p className="field__hint">{t('full', { max: maxSec })}</p>
        ) : null}
      </section>

      <div className="storyboard-page__layout">
        <div className="storyboard-page__main">
          {card ? (
            <CardEditor
              key={card.id}
              card={card}
              index={index}
              start={starts[index]!}
              maxLength={Math.max(0.5, maxSec - (total - card.length))}
              transition={index > 0 ? transitionInto(board, index) : undefined}
              problem={problemText(card)}
              serverError={serverError?.cardId === card.id ? serverError.message : undefined}
              videoSource={videoSources[card.id] ?? 'library'}
              thumbnail={thumbnailOf(card)}
              onKind={(kind) => edit(changeKind(board, card.id, kind))}
              onChange={(patch) => edit(updateCard(board, card.id, patch))}
              onLength={(length) => edit(resizeCard(board, index, length, maxSec))}
              onRemove={() => {
                const next = removeCard(board, index);
                edit(next);
                setSelected(next.cards[Math.min(index, next.cards.length - 1)]?.id);
              }}
              onVideoSource={(source) => setVideoSources((s) => ({ ...s, [card.id]: source }))}
              onFileError={(message) =>
                setFileErrors(({ [card.id]: _, ...rest }) =>
                  message ? { ...rest, [card.id]: message } : rest,
                )
              }
            />
          ) : board.cards.length ? (
            <p className="field__hint">{t('selectCard')}</p>
          ) : null}
        </div>

        <aside className="storyboard-page__side">
          <section className="vpanel" aria-labelledby="settings-title">
            <header className="vpanel__head">
              <h2 className="vpanel__title" id="settings-title">
                {t('settings.title')}
              </h2>
            </header>
            <div className="edit-form">
              <Field label={t('settings.look')} hint={t('settings.lookHint')}>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    name="look"
                    value={look}
                    placeholder={t('settings.lookPlaceholder')}
                    onChange={(e) => setLook(e.target.value)}
                  />
                )}
              </Field>
              <ChoiceGroup
                legend={t('settings.aspect')}
                name="aspect"
                value={aspect}
                onChange={setAspect}
                options={ASPECTS.map((a) => ({ value: a, label: t(`settings.aspects.${a}`) }))}
              />
              <ChoiceGroup
                legend={t('settings.resolution')}
                name="resolution"
                value={resolution}
                onChange={setResolution}
                options={RESOLUTIONS.map((r) => ({
                  value: r,
                  label: r,
                  disabled: !resolutionAllowed(limits, r),
                }))}
              />
            </div>
          </section>

          <section className="vpanel sb-summary" aria-labelledby="summary-title">
            <header className="vpanel__head">
              <h2 className="vpanel__title" id="summary-title">
                {t('summary.title')}
              </h2>
            </header>
            <dl className="vfacts">
              <div className="vfacts__row">
                <dt>{t('summary.length')}</dt>
                <dd data-testid="total-duration">{t('secondsShort', { seconds: total.toFixed(1) })}</dd>
              </div>
              <div className="vfacts__row">
                <dt>{t('summary.cards')}</dt>
                <dd>{board.cards.length}</dd>
              </div>
              <div className="vfacts__row">
                <dt>{t('summary.transitions')}</dt>
                <dd data-testid="transition-summary">
                  {t('summary.transitionCounts', { dissolves, cuts: transitions.length - dissolves })}
                </dd>
              </div>
              <div className="vfacts__row">
                <dt>{t('summary.cost')}</dt>
                <dd data-testid="cost">{t('summary.credits', { count: cost })}</dd>
              </div>
            </dl>
            <p className="field__hint sb-summary__rule">{t('summary.rule')}</p>
            {serverError && !serverError.cardId ? (
              <Banner tone="error" testId="banner-error">
                {serverError.message}
              </Banner>
            ) : null}
            {attempted && problems.size > 0 ? (
              <p className="field__error" role="alert" data-testid="field-error">
                {t('problem.summary', { count: problems.size })}
              </p>
            ) : null}
            <Button
              variant="primary"
              size="lg"
              className="sb-summary__render"
              busy={busy}
              disabled={board.cards.length === 0}
              onClick={() => void render()}
            >
              {t('render', { count: cost })}
            </Button>
          </section>
        </aside>
      </div>
    </div>
  );
}
