/**
 * Storyboard: cards on a timeline render to one video.
 * - All prompt cards become ONE multi-shot plan (a director shot list), so "the sailor" in card 3 is
 *   the sailor of card 1, and his clothes carry over (carryIdentity). The video is an exact render of
 *   that plan, which is stored in its manifest.
 * - With image or video cards, each run of consecutive prompt cards is a window of that same plan,
 *   image cards become animated plates, video cards are conformed (size, frame rate, 48 kHz stereo),
 *   and the pieces are joined with cuts or crossfades. Images and videos are `componentOf` ingredients.
 * Cards far apart dissolve into each other; cards close together cut (cardTransitions).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { directPrompt } from '../director/index.ts';
import { KinoError, isKinoError } from '../errors.ts';
import { conformClip, joinClips, type EncodeQuality, type JoinSegment } from '../media/index.ts';
import { MAX_DURATION_SEC, parsePlan, type Entity, type Traits, type VideoPlan } from '../plan/index.ts';
import { animateImage } from './animate.ts';
import { canBeIngredient } from './edit-options.ts';
import { signEdit, withWorkspace, type EditWorkspace } from './edit-output.ts';
import { renderPlanWindow } from './render-plan.ts';
import { openSource } from './source.ts';
import {
  parseStoryboard,
  storyboardDuration,
  type Storyboard,
  type StoryboardCard,
} from './storyboard-schema.ts';

/** Cards at least this far apart dissolve into each other; closer ones cut. */
export const FAR_APART_SEC = 4;
export const MAX_CROSSFADE_SEC = 1;

export type CardTransition =
  { readonly type: 'cut' } | { readonly type: 'crossfade'; readonly fadeSec: number };

export interface TimelineCard {
  readonly index: number;
  readonly card: StoryboardCard;
  readonly start: number;
  readonly durationSec: number;
  /** How it enters; the first card always starts clean. */
  readonly transitionIn: CardTransition;
}

export interface StoryboardOptions {
  /** A parsed storyboard whose image/video paths are absolute (see loadStoryboard). */
  readonly storyboard: Storyboard;
  readonly outputPath: string;
  readonly dataDir: string;
  readonly quality?: EncodeQuality;
  readonly workers?: number;
  readonly signal?: AbortSignal;
}

export interface StoryboardResult {
  readonly outputPath: string;
  readonly durationSec: number;
  readonly timeline: readonly TimelineCard[];
  /** The plan of the prompt cards (the whole video's plan when every card is a prompt). */
  readonly plan?: VideoPlan;
  /** Things the user should know, e.g. an image that fell back to a Ken Burns plate. */
  readonly warnings: readonly string[];
}

/** Read a storyboard file (JSON, or YAML for .yaml/.yml) and make its media paths absolute. */
export async function loadStoryboard(path: string): Promise<Storyboard> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new KinoError('file_not_found', `Cannot read the storyboard "${path}".`, 'path', { cause: err });
  }
  const ext = extname(path).toLowerCase();
  let data: unknown;
  try {
    data = ext === '.yaml' || ext === '.yml' ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new KinoError(
      'invalid_request',
      `The storyboard "${path}" is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
      'path',
      { cause: err },
    );
  }
  const board = parseStoryboard(data);
  const base = dirname(resolve(path));
  const absolute = (p: string): string => (isAbsolute(p) ? p : join(base, p));
  return {
    ...board,
    cards: board.cards.map((c) => ({
      ...c,
      ...(c.image ? { image: absolute(c.image) } : {}),
      ...(c.video ? { video: absolute(c.video) } : {}),
    })),
  };
}

/** Where each card sits and how it enters. Pure. */
export function cardTimeline(board: Storyboard): TimelineCard[] {
  const end = storyboardDuration(board);
  const lengths = board.cards.map((c, i) => (board.cards[i + 1]?.at ?? end) - c.at);
  return board.cards.map((card, index) => ({
    index,
    card,
    start: card.at,
    durationSec: lengths[index]!,
    transitionIn: index === 0 ? { type: 'cut' } : transitionInto(card, lengths[index - 1]!, lengths[index]!),
  }));
}

/**
 * Far apart (the previous card held the screen for FAR_APART_SEC or more): a dissolve of up to a
 * second, never more than a quarter of the previous card or half of this one. Close together: a cut.
 */
function transitionInto(card: StoryboardCard, previousSec: number, ownSec: number): CardTransition {
  const wanted = card.transition === 'auto' ? previousSec >= FAR_APART_SEC : card.transition === 'crossfade';
  if (!wanted) return { type: 'cut' };
  const fadeSec = round3(Math.min(MAX_CROSSFADE_SEC, previousSec / 4, ownSec / 2));
  return fadeSec >= 0.1 ? { type: 'crossfade', fadeSec } : { type: 'cut' };
}

export async function renderStoryboard(options: StoryboardOptions): Promise<StoryboardResult> {
  const board = options.storyboard;
  const timeline = cardTimeline(board);
  const [width, height] = board.output.size.split('x').map(Number) as [number, number];
  const durationSec = storyboardDuration(board);
  // Check every image and video card up front, so a bad file fails before any rendering.
  for (const t of timeline) {
    const path = t.card.image ?? t.card.video;
    if (!path) continue;
    const source = await openSource(path);
    if ((source.kind === 'image') !== Boolean(t.card.image)) {
      throw new KinoError(
        'invalid_request',
        `cards[${t.index}]: "${path}" is ${source.kind === 'image' ? 'an image' : 'a video'}; put it under ${source.kind === 'image' ? 'image' : 'video'}:.`,
        `cards[${t.index}]`,
      );
    }
  }
  const components = timeline.flatMap((t) => {
    const path = t.card.image ?? t.card.video;
    return path && canBeIngredient(path) ? [path] : [];
  });

  return withWorkspace(options.outputPath, async (ws) => {
    const allPrompts = timeline.every((t) => t.card.prompt && !t.card.image);
    const warnings: string[] = [];
    let unsigned: string;
    let plan: VideoPlan | undefined;
    if (allPrompts) {
      plan = promptPlan(board, timeline, new Map(), width, height);
      unsigned = ws.file('storyboard.mp4');
      await renderPlanWindow({ plan, outputPath: unsigned, ...renderOptions(options) });
    } else {
      const mixed = await renderMixed(board, timeline, ws, options, width, height, warnings);
      unsigned = mixed.path;
      plan = mixed.plan;
    }
    const first = timeline.find((t) => t.card.prompt)?.card.prompt ?? '';
    await signEdit({
      unsignedPath: unsigned,
      outputPath: options.outputPath,
      dataDir: options.dataDir,
      prompt:
        [board.prompt, ...timeline.map((t) => t.card.prompt ?? '')].filter(Boolean).join(' / ') || first,
      ...(allPrompts && plan ? { plan } : {}),
      ...(components.length ? { componentPaths: components } : {}),
      actions: [],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { outputPath: options.outputPath, durationSec, timeline, ...(plan ? { plan } : {}), warnings };
  });
}

/**
 * One plan for every prompt card, through the director's shot list. `headSec` gives some cards extra
 * seconds at their head (room for a crossfade from a non-prompt card before them).
 */
export function promptPlan(
  board: Storyboard,
  timeline: readonly TimelineCard[],
  headSec: ReadonlyMap<number, number>,
  width: number,
  height: number,
): VideoPlan {
  const cards = timeline.filter((t) => t.card.prompt && !t.card.image);
  const lengths = cards.map((t) => round3(t.durationSec + (headSec.get(t.index) ?? 0)));
  const total = round3(lengths.reduce((a, b) => a + b, 0));
  const shotList = cards
    .map((t, i) => `Shot ${i + 1} (${lengths[i]}s): ${t.card.prompt!.trim().replace(/[.。!?]*$/u, '.')}`)
    .join(' ');
  const prompt = [board.prompt.trim().replace(/[.。]*$/u, board.prompt.trim() ? '.' : ''), shotList]
    .filter(Boolean)
    .join(' ');
  const directed = directPrompt(prompt, {
    width,
    height,
    fps: board.output.fps,
    durationSec: total,
    seed: board.seed,
    ...(board.style ? { style: board.style } : {}),
  });
  if (directed.shots.length !== cards.length) {
    throw new KinoError(
      'invalid_request',
      `The prompt cards made ${directed.shots.length} shots instead of ${cards.length}; a card's prompt must not contain its own shot list ("Shot 2: …").`,
      'cards',
    );
  }
  let start = 0;
  const shots = directed.shots.map((shot, i) => {
    const t = cards[i]!;
    const end = round3(start + lengths[i]!);
    // Inside a run of prompt cards the plan dissolves itself; at the head of a run the join does.
    const previousIsPrompt = i > 0 && cards[i - 1]!.index === t.index - 1;
    const transitionIn =
      t.index === 0
        ? shot.transitionIn
        : previousIsPrompt && t.transitionIn.type === 'crossfade'
          ? { type: 'crossfade' as const, durationSec: t.transitionIn.fadeSec }
          : { type: 'cut' as const, durationSec: 0 };
    const placed = { ...shot, start, end, transitionIn };
    start = end;
    return placed;
  });
  return carryIdentity(parsePlan({ ...directed, shots, output: { ...directed.output, durationSec: total } }));
}

const IDENTITY_TRAITS = ['color', 'secondaryColor', 'clothing', 'era', 'age', 'material'] as const;

/**
 * The director keeps an entity's id across shots ("the fisherman" in shot 3 is person-1 of shot 1) but
 * only records the traits a shot restates. Give every appearance the traits said anywhere, so the same
 * person wears the same clothes in every card.
 */
export function carryIdentity(plan: VideoPlan): VideoPlan {
  const known = new Map<string, Partial<Traits>>();
  for (const shot of plan.shots) {
    for (const e of shot.entities) {
      const traits = known.get(e.id) ?? {};
      for (const key of IDENTITY_TRAITS) {
        if (e.traits[key] !== undefined && traits[key] === undefined)
          Object.assign(traits, { [key]: e.traits[key] });
      }
      known.set(e.id, traits);
    }
  }
  const withTraits = (e: Entity): Entity => {
    const merged = { ...known.get(e.id), ...definedTraits(e.traits) };
    return { ...e, traits: { ...e.traits, ...merged } };
  };
  return parsePlan({
    ...plan,
    shots: plan.shots.map((s) => ({ ...s, entities: s.entities.map(withTraits) })),
  });
}

function definedTraits(traits: Traits): Partial<Traits> {
  return Object.fromEntries(Object.entries(traits).filter(([, v]) => v !== undefined)) as Partial<Traits>;
}

interface Segment {
  readonly cards: readonly TimelineCard[];
  readonly kind: 'prompt' | 'image' | 'video';
}

async function renderMixed(
  board: Storyboard,
  timeline: readonly TimelineCard[],
  ws: EditWorkspace,
  options: StoryboardOptions,
  width: number,
  height: number,
  warnings: string[],
): Promise<{ path: string; plan?: VideoPlan }> {
  const fps = board.output.fps;
  const segments: Segment[] = [];
  for (const t of timeline) {
    const kind = t.card.video ? 'video' : t.card.image ? 'image' : 'prompt';
    const last = segments[segments.length - 1];
    if (kind === 'prompt' && last?.kind === 'prompt')
      segments[segments.length - 1] = { kind, cards: [...last.cards, t] };
    else segments.push({ kind, cards: [t] });
  }
  // A segment that dissolves in needs its fade's worth of footage before its own start.
  const head = (s: Segment): number => {
    const t = s.cards[0]!.transitionIn;
    return t.type === 'crossfade' ? t.fadeSec : 0;
  };
  const headSec = new Map(
    segments.filter((s) => s.kind === 'prompt' && head(s) > 0).map((s) => [s.cards[0]!.index, head(s)]),
  );
  const promptTotal = timeline
    .filter((t) => t.card.prompt && !t.card.image)
    .reduce((sum, t) => sum + t.durationSec + (headSec.get(t.index) ?? 0), 0);
  // The plan limit is 20 s; if the heads would pass it, those prompt runs cut in instead.
  const heads = promptTotal > MAX_DURATION_SEC ? new Map<number, number>() : headSec;
  const plan = segments.some((s) => s.kind === 'prompt')
    ? promptPlan(board, timeline, heads, width, height)
    : undefined;
  const planStart = new Map<number, number>();
  if (plan) {
    const promptCards = timeline.filter((t) => t.card.prompt && !t.card.image);
    promptCards.forEach((t, i) => planStart.set(t.index, plan.shots[i]!.start));
  }

  const joined: JoinSegment[] = [];
  for (const [i, segment] of segments.entries()) {
    const first = segment.cards[0]!;
    const own = segment.cards.reduce((sum, t) => sum + t.durationSec, 0);
    const wantHead = segment.kind === 'prompt' ? (heads.get(first.index) ?? 0) : head(segment);
    const length = round3(own + wantHead);
    const path = ws.file(`segment-${i}.mp4`);
    if (segment.kind === 'prompt') {
      const from = planStart.get(first.index)!;
      await renderPlanWindow({
        plan: plan!,
        outputPath: path,
        startFrame: Math.round(from * fps),
        endFrame: Math.round((from + length) * fps),
        ...renderOptions(options),
      });
    } else if (segment.kind === 'image') {
      await imageSegment(
        board,
        first,
        path,
        { width, height, fps: fps as 24 | 30, durationSec: length },
        options,
        warnings,
      );
    } else {
      const source = await openSource(first.card.video!);
      await conformClip({
        inputPath: first.card.video!,
        outputPath: path,
        kind: 'video',
        hasAudio: source.kind !== 'image' && Boolean(source.info.audio),
        width,
        height,
        fps,
        startSec: first.card.from,
        durationSec: length,
        ...(options.quality ? { quality: options.quality } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
    const fade = i > 0 && wantHead > 0 ? wantHead : 0;
    joined.push({
      path,
      durationSec: Math.round(length * fps) / fps,
      transitionIn: fade > 0 ? { type: 'crossfade', fadeSec: fade } : { type: 'cut' },
    });
  }
  const out = ws.file('storyboard.mp4');
  await joinClips({
    segments: joined,
    outputPath: out,
    fps,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { path: out, ...(plan ? { plan } : {}) };
}

async function imageSegment(
  board: Storyboard,
  t: TimelineCard,
  outputPath: string,
  output: { width: number; height: number; fps: 24 | 30; durationSec: number },
  options: StoryboardOptions,
  warnings: string[],
): Promise<void> {
  const imagePath = t.card.image!;
  if (output.durationSec >= 1) {
    try {
      await animateImage({
        imagePath,
        prompt: [board.prompt, t.card.prompt ?? 'a still scene, gentle camera move']
          .filter(Boolean)
          .join('. '),
        outputPath,
        width: output.width,
        height: output.height,
        fps: output.fps,
        durationSec: output.durationSec,
        seed: board.seed,
        ...(options.quality ? { quality: options.quality } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return;
    } catch (err) {
      if (isKinoError(err) && err.code === 'cancelled') throw err;
      warnings.push(
        `cards[${t.index}]: animating ${basename(imagePath)} failed (${(err as Error).message}); used a slow push-in instead.`,
      );
    }
  }
  await conformClip({
    inputPath: imagePath,
    outputPath,
    kind: 'image',
    hasAudio: false,
    ...output,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

function renderOptions(options: StoryboardOptions): {
  quality?: EncodeQuality;
  workers?: number;
  signal?: AbortSignal;
} {
  return {
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

const round3 = (t: number): number => Math.round(t * 1000) / 1000;
