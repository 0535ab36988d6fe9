/**
 * The studio's pure editor models agree with the engine they preview: the storyboard board's dissolve/cut
 * preview is the engine's `cardTimeline`, its request parses with the API's own storyboard schema, and the
 * blend curve's presets and points are what `parseBlendCurve` reads.
 */
import { describe, expect, it } from 'vitest';
import { BLEND_PRESETS, cardTimeline, parseBlendCurve, parseStoryboard } from '../../src/edit/index.ts';
import {
  addCard,
  cardIndexOfParam,
  moveCard,
  problemsOf,
  removeCard,
  resizeCard,
  startsOf,
  storyboardRequest,
  totalSeconds,
  transitionInto,
  updateCard,
  type Board,
} from '../../studio/src/pages/storyboard/board.ts';
import {
  addPoint,
  CURVE_PRESETS,
  curveParam,
  movePoint,
  presetOf,
  removePoint,
  type CurvePoint,
} from '../../studio/src/pages/video/curve.ts';

const board = (...lengths: number[]): Board => ({
  cards: lengths.map((length, i) => ({ id: `c${i}`, kind: 'prompt' as const, length, prompt: `scene ${i}` })),
});

describe('storyboard board', () => {
  it('previews the engine’s dissolve-or-cut rule for every spacing', () => {
    for (const lengths of [
      [3, 3, 3],
      [4, 2, 6],
      [5, 0.5, 4, 1],
      [8, 8, 4],
      [0.5, 4, 4, 0.5],
    ]) {
      const b = board(...lengths);
      const body = storyboardRequest(b, { size: '480x480', prompt: '' }) as Record<string, unknown>;
      const timeline = cardTimeline(parseStoryboard(body));
      b.cards.forEach((_, i) => {
        const engine = timeline[i]!.transitionIn;
        const preview = transitionInto(b, i);
        expect(preview.type, `${lengths.join(',')} card ${i}`).toBe(
          engine.type === 'crossfade' ? 'dissolve' : 'cut',
        );
        if (engine.type === 'crossfade' && preview.type === 'dissolve')
          expect(preview.seconds).toBe(engine.fadeSec);
      });
    }
  });

  it('adds, moves, resizes and removes cards within the plan’s length', () => {
    let b: Board = { cards: [] };
    b = addCard(addCard(addCard(b, 'prompt', 10), 'image', 10), 'video', 10);
    expect(b.cards.map((c) => c.length)).toEqual([3, 3, 3]);
    expect(addCard(b, 'prompt', 9)).toBe(b); // no room left for half a second
    expect(addCard(b, 'prompt', 10).cards.at(-1)!.length).toBe(1);
    b = resizeCard(b, 0, 99, 10);
    expect(b.cards[0]!.length).toBe(4); // grows only into the room left
    b = resizeCard(b, 1, 0.1, 10);
    expect(b.cards[1]!.length).toBe(0.5);
    expect(startsOf(b)).toEqual([0, 4, 4.5]);
    expect(totalSeconds(b)).toBe(7.5);
    b = moveCard(b, 2, 0);
    expect(b.cards.map((c) => c.kind)).toEqual(['video', 'prompt', 'image']);
    b = removeCard(b, 1);
    expect(b.cards.map((c) => c.kind)).toEqual(['video', 'image']);
    expect([...problemsOf(b).values()]).toEqual(['noVideo', 'noImage']);
    b = updateCard(b, b.cards[0]!.id, { videoId: 'video_' + '0'.repeat(32) });
    expect([...problemsOf(b).values()]).toEqual(['noImage']);
  });

  it('sends uploads as multipart parts named after their card, and the rest as JSON the API accepts', async () => {
    const png = new File([new Uint8Array([137, 80, 78, 71])], 'still.png', { type: 'image/png' });
    const b: Board = {
      cards: [
        { id: 'a', kind: 'prompt', length: 2, prompt: ' a harbour at dawn ' },
        { id: 'b', kind: 'image', length: 1.5, prompt: '', file: png },
        { id: 'c', kind: 'video', length: 1, prompt: '', videoId: 'video_' + 'a'.repeat(32) },
      ],
    };
    const form = storyboardRequest(b, { size: '854x480', prompt: 'fog' });
    expect(form).toBeInstanceOf(FormData);
    const data = form as FormData;
    const document = JSON.parse(data.get('storyboard') as string) as Record<string, unknown>;
    expect(document).toEqual({
      prompt: 'fog',
      output: { size: '854x480' },
      durationSec: 4.5,
      cards: [
        { at: 0, prompt: 'a harbour at dawn' },
        { at: 2 },
        { at: 3.5, video_id: 'video_' + 'a'.repeat(32) },
      ],
    });
    expect((data.get('cards[1][image]') as File).name).toBe('still.png');
    const json = storyboardRequest(board(2, 3), { size: '480x480', prompt: '' });
    expect(json).not.toBeInstanceOf(FormData);
    expect(parseStoryboard(json).cards.map((c) => c.at)).toEqual([0, 2]);
    expect(cardIndexOfParam('cards[2].video_id')).toBe(2);
    expect(cardIndexOfParam('cards[1][image]')).toBe(1);
    expect(cardIndexOfParam('cards.3.prompt')).toBe(3);
    expect(cardIndexOfParam('durationSec')).toBeUndefined();
  });
});

describe('blend curve', () => {
  it('has the engine’s presets and writes points the engine reads', () => {
    for (const name of BLEND_PRESETS) expect(parseBlendCurve(name)).toEqual(CURVE_PRESETS[name]);
    let points: CurvePoint[] = CURVE_PRESETS.transition.map((p) => ({ ...p }));
    expect(curveParam(points)).toBe('transition');
    points = movePoint(points, 1, 0.3, 0.2);
    points = addPoint(points).points;
    expect(presetOf(points)).toBeUndefined();
    const parsed = parseBlendCurve(curveParam(points));
    expect(parsed).toEqual(points);
    // Ends stay at 0 and 1, interior points keep their order, weights stay within 0..1.
    const moved = movePoint(points, 0, 0.5, 2);
    expect(moved[0]).toEqual({ t: 0, weight: 1 });
    const pushed = movePoint(points, 1, 0.99, -1);
    expect(pushed[1]!.t).toBeLessThan(pushed[2]!.t);
    expect(pushed[1]!.weight).toBe(0);
    expect(removePoint(points, 0)).toEqual(points);
    expect(removePoint(points, 1)).toHaveLength(points.length - 1);
  });
});
