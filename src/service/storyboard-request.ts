/**
 * `POST /v1/storyboards` bodies. The storyboard is the CLI's document (src/edit/storyboard-schema.ts), but
 * an image or video card cannot name a path on the server. Instead a card shows:
 * - an uploaded file: the multipart part `cards[<i>][image]` or `cards[<i>][video]` (the document itself
 *   then goes in the text part `storyboard`), or in JSON a `data:` URL as the card's `image`/`video`;
 * - one of the caller's completed videos: `"video_id": "video_…"` on the card.
 * The stored document names placeholders; the job's `media` list says what each such card shows, and the
 * worker puts the fetched files' paths in (`withMediaPaths`).
 */
import { parseStoryboard, type Storyboard } from '../edit/index.ts';
import { KinoError } from '../errors.ts';
import type { Blobs } from './blobs.ts';
import type { JobInput } from './edit-jobs.ts';
import { dataUrlUpload, fileUpload, storeUpload, type UploadedInput } from './uploads.ts';

export type CardMediaKind = 'image' | 'video';

export interface StoryboardMedia {
  readonly card: number;
  readonly kind: CardMediaKind;
  readonly input: JobInput;
}

export interface StoryboardRequest {
  /** The document as stored with the job: media cards name placeholders. */
  readonly storyboard: Record<string, unknown>;
  readonly board: Storyboard;
  readonly media: StoryboardMedia[];
}

export interface StoryboardRequestDeps {
  readonly blobs: Blobs;
  /** The id of the video being made (uploads are stored under it). */
  readonly videoId: string;
  /** The caller's completed video, or a KinoError naming `param` (not found, unfinished, expired). */
  completedVideo(id: unknown, param: string): Promise<{ id: string }>;
}

const FILE_PART = /^cards\[(\d+)\]\[(image|video)\]$/;

/** What a media card will show, before anything is stored. */
type Pending =
  | {
      readonly card: number;
      readonly kind: CardMediaKind;
      readonly upload: UploadedInput;
      readonly param: string;
    }
  | { readonly card: number; readonly kind: 'video'; readonly videoId: unknown; readonly param: string };

export async function readStoryboardRequest(
  raw: Record<string, unknown>,
  deps: StoryboardRequestDeps,
): Promise<StoryboardRequest> {
  const { document, files } = await splitMultipart(raw);
  const cards = Array.isArray(document['cards']) ? (document['cards'] as unknown[]) : undefined;
  const pending: Pending[] = [];
  const storedCards = cards?.map((value, i) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const { video_id: videoId, ...card } = value as Record<string, unknown>;
    const sources: Pending[] = [];
    if (videoId !== undefined)
      sources.push({ card: i, kind: 'video', videoId, param: `cards[${i}].video_id` });
    for (const kind of ['image', 'video'] as const) {
      const file = files.get(`cards[${i}][${kind}]`);
      if (file) sources.push({ card: i, kind, upload: file, param: `cards[${i}][${kind}]` });
      const inline = card[kind];
      if (inline !== undefined) {
        sources.push({ card: i, kind, upload: inlineUpload(inline, i, kind), param: `cards[${i}].${kind}` });
      }
    }
    if (sources.length > 1) {
      throw new KinoError(
        'invalid_request',
        `cards[${i}] names ${sources.map((s) => s.param).join(' and ')}; a card shows one image or one video`,
        `cards[${i}]`,
      );
    }
    const [source] = sources;
    if (!source) return card;
    pending.push(source);
    // A placeholder the schema accepts; the worker replaces it with the fetched file's path.
    return { ...card, [source.kind]: `card-${i}` };
  });
  for (const key of files.keys()) {
    const index = Number(FILE_PART.exec(key)![1]);
    if (!cards || index >= cards.length) {
      throw new KinoError(
        'invalid_request',
        `${key} is for card ${index}, but the storyboard has ${cards?.length ?? 0} cards`,
        key,
      );
    }
  }
  const storyboard = { ...document, ...(storedCards ? { cards: storedCards } : {}) };
  // Structure first (cheap), then the media (probing uploads, looking up videos).
  const board = parseStoryboard(storyboard);
  const media: StoryboardMedia[] = [];
  for (const p of pending) {
    if ('videoId' in p) {
      const video = await deps.completedVideo(p.videoId, p.param);
      media.push({ card: p.card, kind: 'video', input: { video: video.id } });
    } else {
      const { input } = await storeUpload(deps.blobs, p.upload, {
        videoId: deps.videoId,
        index: p.card,
        kind: p.kind,
        param: p.param,
      });
      media.push({ card: p.card, kind: p.kind, input });
    }
  }
  return { storyboard, board, media };
}

/** The document, and the file parts by name; a multipart body carries the document as JSON text. */
async function splitMultipart(raw: Record<string, unknown>): Promise<{
  document: Record<string, unknown>;
  files: Map<string, UploadedInput>;
}> {
  const text = raw['storyboard'];
  if (typeof text !== 'string') return { document: raw, files: new Map() };
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (err) {
    throw new KinoError(
      'invalid_request',
      `storyboard must be the storyboard as JSON text: ${(err as Error).message}`,
      'storyboard',
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new KinoError('invalid_request', 'storyboard must be a JSON object', 'storyboard');
  }
  const files = new Map<string, UploadedInput>();
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'storyboard') continue;
    if (!FILE_PART.test(key)) {
      throw new KinoError(
        'invalid_request',
        `unknown parameter ${JSON.stringify(key)}; a multipart storyboard has the JSON text "storyboard" ` +
          'and files "cards[<i>][image]" or "cards[<i>][video]"',
        key,
      );
    }
    files.set(key, await fileUpload(value, key));
  }
  return { document: document as Record<string, unknown>, files };
}

/** In JSON an image or video card carries its file as a `data:` URL; a path means nothing to the server. */
function inlineUpload(value: unknown, card: number, kind: CardMediaKind): UploadedInput {
  const param = `cards[${card}].${kind}`;
  if (typeof value === 'string' && value.startsWith('data:')) return dataUrlUpload(value, param);
  throw new KinoError(
    'invalid_request',
    `${param} must be a data: URL; the server reads no paths. Upload the file as the multipart part ` +
      `"cards[${card}][${kind}]"${kind === 'video' ? ', or name one of your completed videos with "video_id"' : ''}`,
    `cards[${card}]`,
  );
}

/** The storyboard with each media card's placeholder replaced by the path its input was fetched to. */
export function withMediaPaths(
  board: Storyboard,
  media: readonly StoryboardMedia[],
  paths: readonly string[],
): Storyboard {
  const byCard = new Map(media.map((m, i) => [m.card, { kind: m.kind, path: paths[i]! }]));
  return {
    ...board,
    cards: board.cards.map((card, i) => {
      const m = byCard.get(i);
      return m ? { ...card, [m.kind]: m.path } : card;
    }),
  };
}
