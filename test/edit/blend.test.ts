import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proceduralBackend } from '../../src/backends/index.ts';
import { directPrompt } from '../../src/director/index.ts';
import { blendVideos, curveWeight, parseBlendCurve } from '../../src/edit/index.ts';
import { lookOf, mixLooks, withLooks } from '../../src/edit/look-transfer.ts';
import { Scene } from '../../src/engine/index.ts';
import { isKinoError } from '../../src/errors.ts';
import { decodeNormalized, probeMedia, readFrames } from '../../src/media/index.ts';
import { runJob } from '../../src/pipeline/index.ts';
import { verifyVideo } from '../../src/provenance/index.ts';
import { foreignVideo } from './edit-a-fixtures.ts';

const run = promisify(execFile);
const backend = proceduralBackend({ workers: 1 });
const size = { width: 480, height: 480, fps: 24, durationSec: 1 } as const;
const planA = directPrompt('a dog runs across a green meadow at noon', { ...size, seed: 5 });
const planB = directPrompt('a snowy night on a city street, neon signs', { ...size, seed: 9 });

let dir: string;
let dataDir: string;
let kinoA: string;
let kinoB: string;
let patternA: string;
let barsB: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-blend-'));
  dataDir = join(dir, 'data');
  kinoA = join(dir, 'meadow.mp4');
  kinoB = join(dir, 'city-night.mp4');
  patternA = join(dir, 'pattern.mp4');
  barsB = join(dir, 'bars.mp4');
  await runJob({ plan: planA, outputPath: kinoA, dataDir, backend, quality: 'preview' });
  await runJob({ plan: planB, outputPath: kinoB, dataDir, backend, quality: 'preview' });
  // Two foreign videos of different sizes, rates and lengths.
  foreignVideo(dir, basename(patternA), { seconds: 1, fps: 25 });
  await run('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'smptehdbars=size=640x360:rate=30'],
    ...['-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', barsB],
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const meanLuma = (rgba: Uint8Array): number => {
  let total = 0;
  for (let i = 0; i < rgba.length; i += 4)
    total += 0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!;
  return total / (rgba.length / 4);
};
const meanAbs = (a: Uint8Array, b: Uint8Array): number => {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i]! - b[i]!);
  return total / a.length;
};

describe('blend curves', () => {
  it('has presets and reads points', () => {
    const transition = parseBlendCurve('transition');
    expect(curveWeight(transition, 0)).toBe(0);
    expect(curveWeight(transition, 0.5)).toBeCloseTo(0.5);
    expect(curveWeight(transition, 1)).toBe(1);
    expect(curveWeight(parseBlendCurve('mix'), 0.9)).toBe(0.5);
    const custom = parseBlendCurve('1:1, 0:0, 0.5:0.2');
    expect(custom.map((p) => p.t)).toEqual([0, 0.5, 1]);
    expect(curveWeight(custom, 0.25)).toBeCloseTo(0.1);
    expect(curveWeight(custom, 0.75)).toBeCloseTo(0.6);
  });

  it('rejects bad curves with the allowed forms', () => {
    for (const bad of ['0:0,1:2', 'fade', '0.5', '']) {
      let error: unknown;
      try {
        parseBlendCurve(bad);
      } catch (err) {
        error = err;
      }
      expect(isKinoError(error) && error.code).toBe('invalid_option');
      expect((error as Error).message).toContain('transition, mix, sample');
    }
  });
});

describe('blending two Kino videos at plan level', () => {
  it("keeps A's layout and takes B's look by the curve's weight", () => {
    const a = planA.shots[0]!;
    const b = planB.shots[0]!;
    const blended = (w: number) =>
      withLooks(planA, (shot) => mixLooks(lookOf(planA, shot), lookOf(planB, b), w));
    const mix = blended(0.5).shots[0]!;
    expect(mix.entities).toEqual(a.entities);
    expect(mix.camera).toEqual(a.camera);
    expect(mix.setting).toBe(a.setting);
    expect([mix.timeOfDay, mix.weather]).toEqual([b.timeOfDay, b.weather]);
    const sample = blended(0.3);
    expect([sample.shots[0]!.timeOfDay, sample.shots[0]!.weather]).toEqual([a.timeOfDay, a.weather]);
    expect(sample.style.grade.contrast).toBeCloseTo(
      planA.style.grade.contrast + (planB.style.grade.contrast - planA.style.grade.contrast) * 0.3,
      2,
    );
  });

  it('renders one plan for a constant curve, signed with both as components', async () => {
    const output = join(dir, 'mix.mp4');
    const result = await blendVideos({
      aPath: kinoA,
      bPath: kinoB,
      curve: 'mix',
      outputPath: output,
      dataDir,
      quality: 'preview',
      backend,
    });
    expect(result.method).toBe('plan');
    expect(result.plan!.shots[0]!.entities).toEqual(planA.shots[0]!.entities);
    expect(result.plan!.shots[0]!.timeOfDay).toBe(planB.shots[0]!.timeOfDay);
    const verified = await verifyVideo(output, { dataDir });
    expect(verified.status).toBe('trusted');
    const m = verified.activeManifest!;
    expect(m.actions.map((a) => a.action)).toEqual(['c2pa.created', 'c2pa.placed', 'c2pa.edited']);
    expect(m.ingredients.map((i) => [i.title, i.relationship, i.hasManifest])).toEqual([
      ['meadow.mp4', 'componentOf', true],
      ['city-night.mp4', 'componentOf', true],
    ]);
    expect(m.ingredients[1]!.manifest!.prompt).toBe('a snowy night on a city street, neon signs');
    expect(m.plan).toMatchObject({ seed: planA.seed, shots: [{ timeOfDay: planB.shots[0]!.timeOfDay }] });
  });

  it("transitions from A's look to B's over the clip", async () => {
    const output = join(dir, 'transition.mp4');
    const result = await blendVideos({
      aPath: kinoA,
      bPath: kinoB,
      outputPath: output,
      dataDir,
      quality: 'preview',
      backend,
    });
    expect(result.method).toBe('plan-dissolve');
    const last = 23;
    const [out, a] = await Promise.all(
      [output, kinoA].map((p) => readFrames(p, { width: 480, height: 480, select: [6, last] })),
    );
    // Near the start it is A; at the end it is A's meadow and dog in B's snowy night.
    expect(meanAbs(out![0]!, a![0]!)).toBeLessThan(3);
    const inB = withLooks(planA, (shot) => mixLooks(lookOf(planA, shot), lookOf(planB, planB.shots[0]!), 1));
    const expected = new Scene(inB).renderFrame(last);
    expect(meanAbs(out![1]!, expected)).toBeLessThan(4);
    expect(meanLuma(out![1]!)).toBeLessThan(meanLuma(a![1]!) * 0.7);
    expect((await probeMedia(output)).video).toMatchObject({ width: 480, height: 480, frameCount: 24 });
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/^\.transition/));
  });
});

describe('blending other videos as pixels', () => {
  it("follows the curve on A's frame grid, whatever B's size and rate", async () => {
    const output = join(dir, 'pixels.mp4');
    const result = await blendVideos({
      aPath: patternA,
      bPath: barsB,
      curve: 'transition',
      outputPath: output,
      dataDir,
      quality: 'preview',
    });
    expect(result.method).toBe('pixels');
    const info = await probeMedia(output);
    expect(info.video).toMatchObject({ width: 320, height: 240, frameCount: 25 });
    expect(info.audio).toBeDefined();
    const grid = { width: 320, height: 240, fps: 25, frameCount: 25 };
    const collect = async (path: string) => {
      const frames: Uint8Array[] = [];
      for await (const f of decodeNormalized(path, grid)) frames.push(Uint8Array.from(f));
      return frames;
    };
    const [out, a, b] = await Promise.all([output, patternA, barsB].map(collect));
    // Start: A. End: B. Middle (weight 0.5): between the two, far from either alone.
    expect(meanAbs(out![1]!, a![1]!)).toBeLessThan(4);
    expect(meanAbs(out![1]!, b![1]!)).toBeGreaterThan(30);
    expect(meanAbs(out![24]!, b![24]!)).toBeLessThan(4);
    const mid = 12;
    const half = a![mid]!.map((v, i) => (v + b![mid]![i]!) / 2);
    expect(meanAbs(out![mid]!, half)).toBeLessThan(4);
    const verified = await verifyVideo(output, { dataDir });
    expect(verified.activeManifest!.ingredients.map((i) => [i.title, i.relationship, i.hasManifest])).toEqual(
      [
        ['pattern.mp4', 'componentOf', false],
        ['bars.mp4', 'componentOf', false],
      ],
    );
  });

  it('refuses an image as either side, before writing anything', async () => {
    const image = join(dir, 'still.png');
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=c=red:s=64x64',
      '-frames:v',
      '1',
      image,
    ]);
    let error: unknown;
    try {
      await blendVideos({ aPath: patternA, bPath: image, outputPath: join(dir, 'refused.mp4'), dataDir });
    } catch (err) {
      error = err;
    }
    expect(isKinoError(error) && error.code).toBe('unsupported_media');
    expect((error as Error).message).toMatch(/B \(".*still\.png"\) is an image.*kino animate/);
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/refused/));
  });
});
