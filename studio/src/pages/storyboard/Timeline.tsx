/**
 * The storyboard's timeline: cards end to end on a ruler of the plan's maximum length. Drag a card to move
 * it, drag its right edge to resize it; with the keyboard, ←/→ move the focused card, Shift+←/→ shorten or
 * lengthen it by half a second, Delete removes it. Between neighbours, a marker shows dissolve or cut.
 */
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  KEY_STEP_SEC,
  moveCard,
  removeCard,
  resizeCard,
  startsOf,
  transitionInto,
  type Board,
  type BoardCard,
} from './board.ts';

type Drag =
  | { kind: 'move'; index: number; startX: number; moved: boolean }
  | { kind: 'resize'; index: number; startX: number; startLength: number };

/** Pointer travel before a press on a card counts as a drag rather than a click. */
const DRAG_THRESHOLD_PX = 5;

export function Timeline({
  board,
  maxSec,
  selected,
  problems,
  onChange,
  onSelect,
  thumbnailOf,
}: {
  board: Board;
  maxSec: number;
  selected: string | undefined;
  /** Cards with something to fix, by id. */
  problems: ReadonlyMap<string, string>;
  onChange: (board: Board) => void;
  onSelect: (id: string | undefined) => void;
  thumbnailOf: (card: BoardCard) => string | undefined;
}) {
  const { t } = useTranslation('storyboard');
  const track = useRef<HTMLDivElement>(null);
  const cardEls = useRef(new Map<string, HTMLDivElement>());
  const [drag, setDragState] = useState<Drag | undefined>(undefined);
  // Pointer events can outrun React's renders: the handlers read and write these refs, not the closure.
  const dragRef = useRef<Drag | undefined>(undefined);
  const boardRef = useRef(board);
  // While a drag runs, the ref leads: a render with a prop the parent has not caught up on yet must not
  // send the next pointer move back to the board from before the last one.
  if (!dragRef.current) boardRef.current = board;
  const setDrag = (next: Drag | undefined) => {
    dragRef.current = next;
    setDragState(next);
  };
  const change = (next: Board) => {
    boardRef.current = next;
    onChange(next);
  };
  const starts = startsOf(board);
  const pct = (sec: number) => `${(sec / maxSec) * 100}%`;
  const secPerPx = () => maxSec / (track.current?.getBoundingClientRect().width || 1);
  const focusCard = (id: string) => requestAnimationFrame(() => cardEls.current.get(id)?.focus());

  function onPointerMove(e: PointerEvent) {
    const drag = dragRef.current;
    const current = boardRef.current;
    if (!drag) return;
    const dx = e.clientX - drag.startX;
    if (drag.kind === 'resize') {
      change(resizeCard(current, drag.index, drag.startLength + dx * secPerPx(), maxSec));
      return;
    }
    if (!drag.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    // The card goes where the pointer is: before the first card whose middle lies right of it.
    const box = track.current!.getBoundingClientRect();
    const at = ((e.clientX - box.left) / box.width) * maxSec;
    const currentStarts = startsOf(current);
    const mids = current.cards.map((c, i) => currentStarts[i]! + c.length / 2);
    let target = mids.filter((m, i) => i !== drag.index && m < at).length;
    target = Math.max(0, Math.min(current.cards.length - 1, target));
    if (target !== drag.index) change(moveCard(current, drag.index, target));
    if (target !== drag.index || !drag.moved) setDrag({ ...drag, index: target, moved: true });
  }

  // Keys can also come faster than renders: read the board from the ref, which `change` updates at once.
  function onKey(e: KeyboardEvent, id: string) {
    const current = boardRef.current;
    const index = current.cards.findIndex((c) => c.id === id);
    const card = current.cards[index];
    if (!card) return;
    let next: Board | undefined;
    if (e.key === 'ArrowLeft' && e.shiftKey)
      next = resizeCard(current, index, card.length - KEY_STEP_SEC, maxSec);
    else if (e.key === 'ArrowRight' && e.shiftKey)
      next = resizeCard(current, index, card.length + KEY_STEP_SEC, maxSec);
    else if (e.key === 'ArrowLeft') next = moveCard(current, index, index - 1);
    else if (e.key === 'ArrowRight') next = moveCard(current, index, index + 1);
    else if (e.key === 'Home') next = moveCard(current, index, 0);
    else if (e.key === 'End') next = moveCard(current, index, current.cards.length - 1);
    else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      const after = removeCard(current, index);
      change(after);
      const neighbour = after.cards[Math.min(index, after.cards.length - 1)];
      onSelect(neighbour?.id);
      if (neighbour) focusCard(neighbour.id);
      return;
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(card.id);
      return;
    }
    if (next) {
      e.preventDefault();
      change(next);
      onSelect(card.id);
      focusCard(card.id);
    }
  }

  // A label every second on a short ruler, every five on a long one.
  const labelEvery = maxSec <= 10 ? 1 : 5;
  const ticks = Array.from({ length: Math.floor(maxSec) + 1 }, (_, s) => s);
  return (
    <div className="timeline">
      <div className="timeline__ruler" aria-hidden="true">
        {ticks.map((s) => (
          <span
            key={s}
            className={`timeline__tick${s % labelEvery === 0 ? ' timeline__tick--major' : ''}${s === maxSec ? ' timeline__tick--end' : ''}`}
            style={{ left: pct(s) }}
          >
            {s % labelEvery === 0 ? t('seconds', { count: s }) : null}
          </span>
        ))}
      </div>
      <div
        ref={track}
        className="timeline__track"
        role="listbox"
        aria-label={t('timeline.label')}
        aria-orientation="horizontal"
        aria-describedby="timeline-keys"
        data-testid="timeline"
        style={{ backgroundSize: `${100 / maxSec}% 100%` }}
        onPointerMove={onPointerMove}
        onPointerUp={() => setDrag(undefined)}
        onPointerCancel={() => setDrag(undefined)}
      >
        {board.cards.length === 0 ? <p className="timeline__empty">{t('timeline.empty')}</p> : null}
        {board.cards.map((card, i) => {
          const transition = transitionInto(board, i);
          const problem = problems.get(card.id);
          const thumb = thumbnailOf(card);
          return (
            <div
              key={card.id}
              ref={(el) => {
                if (el) cardEls.current.set(card.id, el);
                else cardEls.current.delete(card.id);
              }}
              className={[
                'tcard',
                `tcard--${card.kind}`,
                selected === card.id ? 'tcard--selected' : '',
                problem ? 'tcard--problem' : '',
                drag?.index === i && drag.kind === 'move' && drag.moved ? 'tcard--dragging' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              style={{ left: pct(starts[i]!), width: pct(card.length) }}
              role="option"
              aria-selected={selected === card.id}
              aria-label={t('timeline.cardLabel', {
                n: i + 1,
                kind: t(`kind.${card.kind}`),
                start: starts[i]!.toFixed(1),
                length: card.length.toFixed(1),
                content:
                  card.kind === 'video'
                    ? (card.videoPrompt ?? card.file?.name ?? '')
                    : card.kind === 'image'
                      ? (card.file?.name ?? '')
                      : card.prompt,
              })}
              tabIndex={0}
              data-testid="timeline-card"
              onKeyDown={(e) => onKey(e, card.id)}
              onFocus={() => onSelect(card.id)}
              onPointerDown={(e) => {
                if (e.button !== 0) return;
                track.current?.setPointerCapture(e.pointerId);
                setDrag({ kind: 'move', index: i, startX: e.clientX, moved: false });
                onSelect(card.id);
              }}
            >
              {i > 0 ? (
                <span
                  className={`tcard__transition tcard__transition--${transition.type}`}
                  title={
                    transition.type === 'cut'
                      ? t('transition.cut')
                      : t('transition.dissolve', { seconds: transition.seconds })
                  }
                  data-testid="transition"
                  data-transition={transition.type}
                >
                  {transition.type === 'cut' ? t('transition.cutShort') : t('transition.dissolveShort')}
                </span>
              ) : null}
              {thumb ? (
                <span
                  className="tcard__thumb"
                  style={{ backgroundImage: `url("${thumb}")` }}
                  aria-hidden="true"
                />
              ) : null}
              <span className="tcard__body">
                <span className="tcard__head">
                  <span className="tcard__index">{i + 1}</span>
                  <span className="tcard__kind">{t(`kind.${card.kind}`)}</span>
                </span>
                <span className="tcard__text">
                  {card.kind === 'video'
                    ? (card.videoPrompt ?? card.file?.name ?? t('timeline.noVideo'))
                    : card.kind === 'image'
                      ? (card.file?.name ?? t('timeline.noImage'))
                      : card.prompt || t('timeline.noPrompt')}
                </span>
                <span className="tcard__length">
                  {t('secondsShort', { seconds: card.length.toFixed(1) })}
                </span>
              </span>
              <span
                className="tcard__resize"
                aria-hidden="true"
                onPointerDown={(e) => {
                  if (e.button !== 0) return;
                  e.stopPropagation();
                  track.current?.setPointerCapture(e.pointerId);
                  setDrag({ kind: 'resize', index: i, startX: e.clientX, startLength: card.length });
                  onSelect(card.id);
                }}
                data-testid="resize-handle"
              />
            </div>
          );
        })}
      </div>
      <p className="field__hint" id="timeline-keys">
        {t('timeline.keys')}
      </p>
    </div>
  );
}
