import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardTimeline,
  loadStoryboard,
  parseStoryboard,
  promptPlan,
  renderStoryboard,
  type StoryboardInput,
} from '../../src/edit/index.ts';
import { isKinoError } from '../../src/errors.ts';
import { probeMedia, sceneCuts, ssimBetween } from '../../src/media/index.ts';
import { parsePlan } from '../../src/plan/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { ffmpeg, foreignImage, foreignVideo } from './edit-a-fixtures.ts';

let dir: string;
let dataDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-storyboard-'));
  dataDir = join(dir, 'data');
});

afterAll(async () => {
  if (!process.env.KEEP_EDIT_TEST_FILES) await rm(dir, { recursive: true, force: true });
});

const board = (input: Partial<StoryboardInput> & Pick<StoryboardInput, 'cards'>) =>
  parseStoryboard({ output: { size: '480x480', fps: 24 }, seed: 5, ...input });

function errorOf(run: () => unknown): { code: string; param?: string; message: string } {
  try {
    run();
  } catch (err) {
    if (isKinoError(err))
      return { code: err.code, message: err.message, ...(err.param ? { param: err.param } : {}) };
    throw err;
  }
  throw new Error('expected a KinoError');
}

describe('storyboard file and timeline', () => {
  it('cuts between cards that are close and dissolves between cards that are far apart', () => {
    const timeline = cardTimeline(
      board({
        durationSec: 12,
        cards: [
          { at: 0, prompt: 'a calm sea' },
          { at: 5, prompt: 'a ship' },
          { at: 7, prompt: 'a storm' },
          { at: 9, prompt: 'night', transition: 'crossfade' },
        ],
      }),
    );
    expect(timeline.map((t) => [t.start, t.durationSec])).toEqual([
      [0, 5],
      [5, 2],
      [7, 2],
      [9, 3],
    ]);
    expect(timeline.map((t) => t.transitionIn)).toEqual([
      { type: 'cut' },
      { type: 'crossfade', fadeSec: 1 },
      { type: 'cut' },
      { type: 'crossfade', fadeSec: 0.5 },
    ]);
  });

  it('rejects bad files with the field and what is allowed', () => {
    expect(errorOf(() => board({ cards: [{ at: 1, prompt: 'x' }] }))).toMatchObject({
      code: 'invalid_request',
      param: 'cards[0].at',
    });
    expect(
      errorOf(() =>
        board({
          cards: [
            { at: 0, prompt: 'x' },
            { at: 0.2, prompt: 'y' },
          ],
        }),
      ).message,
    ).toContain('0.5 s apart');
    expect(errorOf(() => board({ durationSec: 25, cards: [{ at: 0, prompt: 'x' }] })).code).toBe(
      'invalid_request',
    );
    expect(errorOf(() => board({ cards: [{ at: 0, image: 'a.png', video: 'b.mp4' }] })).message).toContain(
      'exactly one',
    );
    expect(
      errorOf(() => board({ output: { size: '640x360' }, cards: [{ at: 0, prompt: 'x' }] })).message,
    ).toContain('854x480');
  });

  it('parses the pirate example (YAML) with its three cards', async () => {
    const pirate = await loadStoryboard(join(import.meta.dirname, '../../examples/storyboard-pirate.yaml'));
    expect(pirate.cards.map((c) => c.at)).toEqual([0, 4, 7]);
    expect(cardTimeline(pirate).map((t) => t.transitionIn.type)).toEqual(['cut', 'crossfade', 'cut']);
  });

  it('keeps one identity across prompt cards: the same entity id and the same clothes', () => {
    const b = board({
      durationSec: 9,
      cards: [
        { at: 0, prompt: 'an old fisherman in a yellow raincoat walks along the beach' },
        { at: 3, prompt: 'the fisherman stops and looks at the sea' },
        { at: 6, prompt: 'the fisherman runs' },
      ],
    });
    const plan = promptPlan(b, cardTimeline(b), new Map(), 480, 480);
    expect(plan.shots.map((s) => [s.start, s.end])).toEqual([
      [0, 3],
      [3, 6],
      [6, 9],
    ]);
    const people = plan.shots.map((s) => s.entities.find((e) => e.kind === 'person'));
    expect(people.every((p) => p?.id === people[0]!.id)).toBe(true);
    expect(new Set(people.map((p) => p!.traits.color))).toEqual(new Set([people[0]!.traits.color]));
    expect(people[0]!.traits.color).toBeDefined();
  });
});

describe('rendering storyboards', () => {
  it('renders prompt cards as one signed plan with its shots at the card times', async () => {
    const out = join(dir, 'prompts.mp4');
    const result = await renderStoryboard({
      storyboard: board({
        prompt: 'fog everywhere',
        durationSec: 4,
        cards: [
          { at: 0, prompt: 'a calm sea at dawn' },
          { at: 2, prompt: 'a sea monster rises from the water' },
        ],
      }),
      outputPath: out,
      dataDir,
      quality: 'preview',
      workers: 2,
    });
    const info = await probeMedia(out);
    expect(info.video).toMatchObject({ width: 480, height: 480, frameCount: 96 });
    expect(info.audio).toMatchObject({ sampleRate: 48000, channels: 2 });
    const manifest = (await verifyVideo(out, { dataDir })).activeManifest!;
    expect(manifest.actions.map((a) => a.action)).toEqual(['c2pa.created']);
    const plan = parsePlan(manifest.plan);
    expect(plan.shots.map((s) => s.start)).toEqual([0, 2]);
    expect(plan.shots[1]!.entities.some((e) => e.kind === 'sea-monster')).toBe(true);
    expect(result.plan?.shots.length).toBe(2);
  }, 90_000);

  it('joins prompt, PNG, JPEG, MP4 and WebM cards, conformed, with the files as componentOf ingredients', async () => {
    const png = foreignImage(dir, 'harbour.png', '640x480');
    const jpg = foreignImage(dir, 'deck.jpg', '480x640');
    const mp4 = foreignVideo(dir, 'clip.mp4', { seconds: 2, size: '480x480', fps: 30 });
    const webm = join(dir, 'silent.webm');
    ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=s=320x320:r=25:d=2'],
      ...['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', webm],
    ]);
    const out = join(dir, 'mixed.mp4');
    const result = await renderStoryboard({
      storyboard: board({
        durationSec: 7,
        cards: [
          { at: 0, prompt: 'a calm sea' },
          // A dissolve into an animated plate, then a card too short to animate (a push-in plate).
          { at: 1.5, image: png, transition: 'crossfade' },
          { at: 3.2, image: jpg },
          { at: 4, video: mp4, from: 0.5 },
          { at: 5.5, video: webm },
        ],
      }),
      outputPath: out,
      dataDir,
      quality: 'preview',
      workers: 2,
    });
    expect(result.durationSec).toBe(7);
    expect(result.timeline[1]!.transitionIn).toEqual({ type: 'crossfade', fadeSec: 0.375 });
    expect(result.warnings).toEqual([]);
    const info = await probeMedia(out);
    expect(info.video).toMatchObject({ width: 480, height: 480, fps: 24, frameCount: 168 });
    expect(info.audio).toMatchObject({ sampleRate: 48000, channels: 2 });
    expect(info.audio!.durationSec).toBeCloseTo(7, 1);
    // The JPEG plate cuts in at 3.2 s; at 4 s the MP4 card (480x480, so no crop) cuts in, 0.5 s into its clip.
    expect((await sceneCuts(out)).some((t: number) => Math.abs(t - 3.2) < 0.05)).toBe(true);
    expect(await ssimBetween(out, 95, out, 96)).toBeLessThan(0.8);
    expect(await ssimBetween(out, 4 * 24 + 6, mp4, Math.round((0.5 + 6 / 24) * 30))).toBeGreaterThan(0.95);
    const manifest = (await verifyVideo(out, { dataDir })).activeManifest!;
    expect(manifest.actions.map((a) => a.action)).toEqual(['c2pa.created', 'c2pa.placed']);
    expect(manifest.ingredients.map((i) => [i.title, i.relationship])).toEqual([
      ['harbour.png', 'componentOf'],
      ['deck.jpg', 'componentOf'],
      ['clip.mp4', 'componentOf'],
    ]);
  }, 120_000);

  it('fails before rendering when a card file is missing or the wrong kind, writing nothing', async () => {
    const out = join(dir, 'never.mp4');
    const png = foreignImage(dir, 'p.png');
    const run = (cards: StoryboardInput['cards']) =>
      renderStoryboard({ storyboard: board({ cards }), outputPath: out, dataDir, quality: 'preview' }).then(
        () => 'ok',
        (e: unknown) => (isKinoError(e) ? e.code : String(e)),
      );
    expect(await run([{ at: 0, image: join(dir, 'missing.png') }])).toBe('file_not_found');
    expect(await run([{ at: 0, video: png }])).toBe('invalid_request');
    await writeFile(join(dir, 'broken.mp4'), 'not a video');
    expect(await run([{ at: 0, video: join(dir, 'broken.mp4') }])).toBe('invalid_media');
    expect(existsSync(out)).toBe(false);
    expect((await readdir(dir)).filter((f) => f.startsWith('.never'))).toEqual([]);
  });
});
