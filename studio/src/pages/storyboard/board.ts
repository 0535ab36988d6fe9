/**
 * The storyboard editor's state and its actions as data: every edit (add, move, resize, delete, change a
 * card) is a pure function `(board, …) → board`, shared by the mouse, the keyboard and the tests. Cards sit
 * end to end; a card's start is the sum of the lengths before it. The timing rules mirror the server's
 * (src/edit/storyboard*.ts): cards at least 0.5 s long, at most 20 s in all, and a card that follows one
 * held for 4 s or more dissolves in (up to 1 s), otherwise it cuts.
 */
export type CardKind = 'prompt' | 'image' | 'video';

export interface BoardCard {
  readonly id: string;
  readonly kind: CardKind;
  /** Seconds on screen. */
  readonly length: number;
  /** A prompt card's scene, or how an image card should move. */
  readonly prompt: string;
  /** An uploaded image or video. */
  readonly file?: File;
  /** A video card showing one of the account's videos. */
  readonly videoId?: string;
  readonly videoPrompt?: string;
}

export interface Board {
  readonly cards: readonly BoardCard[];
}

export const MIN_CARD_SEC = 0.5;
export const MAX_BOARD_SEC = 20;
export const FAR_APART_SEC = 4;
export const MAX_CROSSFADE_SEC = 1;
export const DEFAULT_CARD_SEC = 3;
export const KEY_STEP_SEC = 0.5;

const round1 = (v: number) => Math.round(v * 10) / 10;

let nextId = 0;
export const newCardId = (): string => `card-${Date.now().toString(36)}-${(nextId++).toString(36)}`;

export const totalSeconds = (board: Board): number => round1(board.cards.reduce((s, c) => s + c.length, 0));

/** Where each card starts. */
export const startsOf = (board: Board): number[] => {
  let at = 0;
  return board.cards.map((c) => {
    const start = round1(at);
    at += c.length;
    return start;
  });
};

/** The room a card may grow into within `maxSec`. */
const roomFor = (board: Board, index: number, maxSec: number): number =>
  round1(maxSec - (totalSeconds(board) - (board.cards[index]?.length ?? 0)));

export function addCard(board: Board, kind: CardKind, maxSec = MAX_BOARD_SEC): Board {
  const room = round1(maxSec - totalSeconds(board));
  if (room < MIN_CARD_SEC) return board;
  const card: BoardCard = { id: newCardId(), kind, length: Math.min(DEFAULT_CARD_SEC, room), prompt: '' };
  return { cards: [...board.cards, card] };
}

/** Moves card `index` to `to` (clamped), keeping the others in order. */
export function moveCard(board: Board, index: number, to: number): Board {
  const target = Math.max(0, Math.min(board.cards.length - 1, to));
  if (target === index || !board.cards[index]) return board;
  const cards = [...board.cards];
  const [card] = cards.splice(index, 1);
  cards.splice(target, 0, card!);
  return { cards };
}

export function resizeCard(board: Board, index: number, length: number, maxSec = MAX_BOARD_SEC): Board {
  const card = board.cards[index];
  if (!card) return board;
  const clamped = round1(Math.max(MIN_CARD_SEC, Math.min(roomFor(board, index, maxSec), length)));
  if (clamped === card.length) return board;
  return { cards: board.cards.map((c, i) => (i === index ? { ...c, length: clamped } : c)) };
}

export function removeCard(board: Board, index: number): Board {
  return { cards: board.cards.filter((_, i) => i !== index) };
}

export function updateCard(board: Board, id: string, patch: Partial<Omit<BoardCard, 'id'>>): Board {
  return { cards: board.cards.map((c) => (c.id === id ? { ...c, ...patch } : c)) };
}

/** A card's kind changed: what it showed before no longer applies (a prompt stays for image cards). */
export function changeKind(board: Board, id: string, kind: CardKind): Board {
  return {
    cards: board.cards.map((c) =>
      c.id === id ? { id: c.id, kind, length: c.length, prompt: kind === 'video' ? '' : c.prompt } : c,
    ),
  };
}

export type Transition = { readonly type: 'cut' } | { readonly type: 'dissolve'; readonly seconds: number };

/** How card `index` enters (the first starts clean): the server's `auto` rule. */
export function transitionInto(board: Board, index: number): Transition {
  const previous = board.cards[index - 1]?.length;
  const own = board.cards[index]?.length;
  if (previous === undefined || own === undefined || previous < FAR_APART_SEC) return { type: 'cut' };
  const seconds = Math.round(Math.min(MAX_CROSSFADE_SEC, previous / 4, own / 2) * 1000) / 1000;
  return seconds >= 0.1 ? { type: 'dissolve', seconds } : { type: 'cut' };
}

export type CardProblem = 'emptyPrompt' | 'noImage' | 'noVideo';

/** What is missing before the board can render, by card id. */
export function problemsOf(board: Board): Map<string, CardProblem> {
  const problems = new Map<string, CardProblem>();
  for (const c of board.cards) {
    if (c.kind === 'prompt' && !c.prompt.trim()) problems.set(c.id, 'emptyPrompt');
    if (c.kind === 'image' && !c.file) problems.set(c.id, 'noImage');
    if (c.kind === 'video' && !c.file && !c.videoId) problems.set(c.id, 'noVideo');
  }
  return problems;
}

/**
 * The `POST /v1/storyboards` body: JSON when every card is a prompt or a library video, multipart (the
 * document as the text part `storyboard`, files as `cards[<i>][image|video]`) when there are uploads.
 */
export function storyboardRequest(
  board: Board,
  options: { size: string; prompt: string },
): object | FormData {
  const starts = startsOf(board);
  const cards = board.cards.map((c, i) => {
    const at = starts[i]!;
    if (c.kind === 'video') return c.file ? { at } : { at, video_id: c.videoId };
    const prompt = c.prompt.trim();
    return prompt ? { at, prompt } : { at };
  });
  const document = {
    ...(options.prompt.trim() ? { prompt: options.prompt.trim() } : {}),
    output: { size: options.size },
    durationSec: totalSeconds(board),
    cards,
  };
  const uploads = board.cards.flatMap((c, i) =>
    c.file && c.kind !== 'prompt' ? [[`cards[${i}][${c.kind}]`, c.file] as const] : [],
  );
  if (uploads.length === 0) return document;
  const form = new FormData();
  form.set('storyboard', JSON.stringify(document));
  for (const [name, file] of uploads) form.set(name, file, file.name);
  return form;
}

/** The card an API error names (`cards[2].prompt`, `cards[2][image]`, `cards.2`), if any. */
export function cardIndexOfParam(param: string | null): number | undefined {
  const match = param ? /^cards(?:\[(\d+)\]|\.(\d+))/.exec(param) : null;
  return match ? Number(match[1] ?? match[2]) : undefined;
}
