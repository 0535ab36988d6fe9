import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  extendVideo,
  lengthenPlan,
  openSource,
  prependPlan,
  recutVideo,
  trimPlanEnd,
} from '../../src/edit/index.ts';
import { isKinoError } from '../../src/errors.ts';
import {
  consecutiveSsim,
  joinGraph,
  probeMedia,
  reflectedRuns,
  reflectedSpans,
  ssimBetween,
} from '../../src/media/index.ts';
import { parsePlan } from '../../src/plan/index.ts';
import { minimalPlan } from '../fixtures.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { decodeAudio, foreignVideo, kinoVideo, maxStep, smoothForeignVideo } from './edit-a-fixtures.ts';

let dir: string;
let dataDir: string;
let kino: string;
const common = () => ({ dataDir, quality: 'preview' as const, workers: 2 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-recut-extend-'));
  dataDir = join(dir, 'data');
  kino = (await kinoVideo(dir, 'kino.mp4', { durationSec: 2 })).path;
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectDerivedFrom(path: string, parent: string, actions: string[]): Promise<unknown> {
  const verified = await verifyVideo(path, { dataDir });
  expect(verified.status).toBe('trusted');
  const manifest = verified.activeManifest!;
  expect(manifest.actions.map((a) => a.action)).toEqual(actions);
  expect(manifest.ingredients).toEqual([
    expect.objectContaining({
      title: parent,
      relationship: 'parentOf',
      hasManifest: parent.startsWith('kino'),
    }),
  ]);
  return manifest.plan;
}

describe('time arithmetic (pure)', () => {
  it('ping-pong frames reflect about the first and last frame, never showing a frame twice in a row', () => {
    const runs = reflectedRuns(-3, 12, 5);
    const frames = runs.flatMap((r) => {
      const span = Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i);
      return r.reversed ? span.reverse() : span;
    });
    expect(frames).toEqual([3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3]);
  });

  it('ping-pong audio reflects about the clip start and end instants', () => {
    expect(reflectedSpans(-2, 13, 5)).toEqual([
      { from: 0, to: 2, reversed: true },
      { from: 0, to: 5, reversed: false },
      { from: 0, to: 5, reversed: true },
      { from: 0, to: 3, reversed: false },
    ]);
  });

  it('joins keep every card at its own time: a dissolving clip brings its fade as extra head', () => {
    const { durationSec, graph } = joinGraph(
      [
        { path: 'a.mp4', durationSec: 2, transitionIn: { type: 'cut' } },
        { path: 'b.mp4', durationSec: 3.5, transitionIn: { type: 'crossfade', fadeSec: 0.5 } },
        { path: 'c.mp4', durationSec: 1, transitionIn: { type: 'cut' } },
      ],
      24,
    );
    expect(durationSec).toBe(6);
    expect(graph).toContain('xfade=transition=fade:duration=0.500000:offset=1.500000');
  });

  it('lengthens, prepends and trims plans on the shot-local clock', () => {
    const plan = parsePlan({
      ...minimalPlan(),
      shots: [
        {
          ...minimalPlan().shots[0]!,
          entities: [
            {
              id: 'ship',
              kind: 'ship',
              label: 'ship',
              position: { x: 0, y: 0, z: 40 },
              motion: { type: 'sail', speed: 2, start: 0.5 },
            },
          ],
          events: [{ t: 1, type: 'gust' }],
        },
      ],
      audio: { effects: [{ t: 1.5, kind: 'gull' }] },
    });
    const before = prependPlan(plan, 1.5);
    expect(before.output.durationSec).toBe(3.5);
    expect(before.shots[0]!.entities[0]!.motion.start).toBe(2);
    expect(before.shots[0]!.events[0]!.t).toBe(2.5);
    expect(before.audio.effects[0]!.t).toBe(3);
    expect(lengthenPlan(plan, 1).shots[0]!.end).toBe(3);
    const cut = trimPlanEnd(before, 1.2);
    expect(cut.output.durationSec).toBe(1.2);
    expect(cut.audio.effects).toEqual([]);
  });
});

describe('extend a Kino video (re-rendered from its plan)', () => {
  it('forward: same opening frames, one continuous shot, plan stored', async () => {
    const out = join(dir, 'kino-forward.mp4');
    const result = await extendVideo({ sourcePath: kino, outputPath: out, seconds: 1, ...common() });
    expect(result).toMatchObject({ durationSec: 3, method: 'plan' });
    const info = await probeMedia(out);
    expect(info.video?.frameCount).toBe(72);
    expect(info.audio?.durationSec).toBeCloseTo(3, 1);
    // Frames before the join are the original's; the join itself (47 → 48) is an ordinary frame step.
    expect(await ssimBetween(kino, 20, out, 20)).toBeGreaterThan(0.97);
    expect(await ssimBetween(kino, 47, out, 47)).toBeGreaterThan(0.97);
    expect(await ssimBetween(out, 47, out, 48)).toBeGreaterThanOrEqual(0.9);
    const plan = parsePlan(await expectDerivedFrom(out, 'kino.mp4', ['c2pa.opened', 'c2pa.edited']));
    expect(plan.output.durationSec).toBe(3);
    expect((await openSource(out)).kind).toBe('kino-video');
  }, 60_000);

  it('backward: the scene is there before the original start; the seam is an ordinary frame step', async () => {
    const out = join(dir, 'kino-backward.mp4');
    await extendVideo({ sourcePath: kino, outputPath: out, seconds: 1, direction: 'backward', ...common() });
    expect((await probeMedia(out)).video?.frameCount).toBe(72);
    expect(await ssimBetween(out, 23, out, 24)).toBeGreaterThanOrEqual(0.9);
    expect(Math.min(...(await consecutiveSsim(out)))).toBeGreaterThan(0.9);
    const plan = parsePlan(await expectDerivedFrom(out, 'kino.mp4', ['c2pa.opened', 'c2pa.edited']));
    expect(plan.shots[0]!.camera.keyframes[0]!.t).toBe(1);
  }, 60_000);

  it('re-cut [0.5, 1.5] alone is a trim of the original pixels, recorded as c2pa.trimmed', async () => {
    const out = join(dir, 'kino-trim.mp4');
    await recutVideo({ sourcePath: kino, outputPath: out, fromSec: 0.5, toSec: 1.5, ...common() });
    expect((await probeMedia(out)).video?.frameCount).toBe(24);
    expect(await ssimBetween(kino, 12, out, 0)).toBeGreaterThan(0.97);
    expect(await ssimBetween(kino, 35, out, 23)).toBeGreaterThan(0.97);
    const verified = await verifyVideo(out, { dataDir });
    expect(verified.activeManifest?.actions.map((a) => a.action)).toEqual([
      'c2pa.opened',
      'c2pa.trimmed',
      'c2pa.edited',
    ]);
  }, 60_000);

  it('re-cut [0.5, 1.5] to 3 s widens both sides past the source, as one plan', async () => {
    const out = join(dir, 'kino-recut.mp4');
    const result = await recutVideo({
      sourcePath: kino,
      outputPath: out,
      fromSec: 0.5,
      toSec: 1.5,
      seconds: 3,
      ...common(),
    });
    expect(result.plan?.output.durationSec).toBe(3);
    expect((await probeMedia(out)).video?.frameCount).toBe(72);
    expect(Math.min(...(await consecutiveSsim(out)))).toBeGreaterThan(0.9);
  }, 60_000);
});

describe('extend and re-cut foreign videos (pixels)', () => {
  it('extends an ffmpeg MP4 forward with no freeze, no seam and no audio click', async () => {
    const src = smoothForeignVideo(dir, 'gradient.mp4');
    const out = join(dir, 'gradient-forward.mp4');
    const result = await extendVideo({ sourcePath: src, outputPath: out, seconds: 1.5, ...common() });
    expect(result.method).toBe('pixels');
    const info = await probeMedia(out);
    expect(info).toMatchObject({ video: { width: 854, height: 480, fps: 24, frameCount: 84 } });
    expect(info.audio).toMatchObject({ sampleRate: 48000, channels: 2 });
    const steps = await consecutiveSsim(out);
    // No frame repeats (a freeze would be SSIM 1) and the join is like every other step.
    expect(Math.min(...steps)).toBeGreaterThan(0.9);
    expect(steps[47]!).toBeLessThan(0.9999);
    const audio = decodeAudio(out);
    const join2s = 2 * 48000;
    const own = maxStep(audio, 4800, join2s - 4800);
    expect(maxStep(audio, join2s - 2400, join2s + 2400)).toBeLessThan(own * 1.5);
    await expectDerivedFrom(out, 'gradient.mp4', ['c2pa.opened', 'c2pa.edited']);
  }, 60_000);

  it('extends a WebM backward; WebM is named in the action since C2PA cannot read it', async () => {
    const src = smoothForeignVideo(dir, 'gradient.webm');
    const out = join(dir, 'webm-backward.mp4');
    await extendVideo({ sourcePath: src, outputPath: out, seconds: 1, direction: 'backward', ...common() });
    expect((await probeMedia(out)).video?.frameCount).toBe(72);
    expect(await ssimBetween(out, 24, src, 0)).toBeGreaterThan(0.9);
    const manifest = (await verifyVideo(out, { dataDir })).activeManifest!;
    expect(manifest.ingredients).toEqual([]);
    expect(manifest.actions.find((a) => a.action === 'c2pa.edited')?.parameters).toMatchObject({
      source: 'gradient.webm',
    });
  }, 60_000);

  it('re-cuts a segment of a testsrc2 MP4 to a longer clip centred on it', async () => {
    const src = foreignVideo(dir, 'testsrc.mp4', { seconds: 2 });
    const out = join(dir, 'testsrc-recut.mp4');
    await recutVideo({ sourcePath: src, outputPath: out, fromSec: 1, toSec: 2, seconds: 2, ...common() });
    const info = await probeMedia(out);
    expect(info.durationSec).toBeCloseTo(2, 1);
    expect(info.video?.frameCount).toBe(48);
    await expectDerivedFrom(out, 'testsrc.mp4', ['c2pa.opened', 'c2pa.trimmed', 'c2pa.edited']);
  }, 60_000);
});

describe('bad requests fail cleanly', () => {
  async function failure(run: () => Promise<unknown>): Promise<string> {
    const err = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isKinoError(err)) throw new Error(`expected a KinoError, got ${String(err)}`);
    return err.code;
  }

  it('refuses outputs over 20 s, bad segments and corrupt input, and leaves no file behind', async () => {
    const target = join(dir, 'refused.mp4');
    expect(
      await failure(() => extendVideo({ sourcePath: kino, outputPath: target, seconds: 19, ...common() })),
    ).toBe('invalid_duration');
    expect(
      await failure(() =>
        recutVideo({ sourcePath: kino, outputPath: target, fromSec: 1.5, toSec: 1, ...common() }),
      ),
    ).toBe('invalid_duration');
    expect(
      await failure(() =>
        recutVideo({ sourcePath: kino, outputPath: target, fromSec: 0, toSec: 2, seconds: 1, ...common() }),
      ),
    ).toBe('invalid_duration');
    const corrupt = join(dir, 'corrupt.mp4');
    await writeFile(corrupt, Buffer.alloc(2048, 7));
    expect(
      await failure(() => extendVideo({ sourcePath: corrupt, outputPath: target, seconds: 1, ...common() })),
    ).toBe('invalid_media');
    expect(existsSync(target)).toBe(false);
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
