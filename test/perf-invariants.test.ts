/**
 * What the speed work must not change: the YUV frames handed to x264 decode to the colours the RGBA
 * grade makes, every worker count renders the same frames, and the encoder checks the I420 size.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { renderFrames } from '../src/backends/index.ts';
import { SHOWCASE_PROMPTS, directPrompt } from '../src/director/index.ts';
import { createCanvas } from '@napi-rs/canvas';
import { cameraPoseAt } from '../src/engine/camera-rig.ts';
import type { FrameContext } from '../src/engine/frame.ts';
import { Scene } from '../src/engine/index.ts';
import { drawLightShafts, shaftStrength } from '../src/engine/light-shafts.ts';
import { paletteFor } from '../src/engine/palette.ts';
import { Sprites } from '../src/engine/sprites.ts';
import { View } from '../src/engine/view.ts';
import { SeaWorld } from '../src/engine/worlds/sea.ts';
import { BandPlate } from '../src/engine/band-plate.ts';
import { rowBands } from '../src/engine/surface-rows.ts';
import { PostProcessor, type PostParams } from '../src/engine/post.ts';
import { KinoError } from '../src/errors.ts';
import { openVideoEncoder, probeMedia, readFrames } from '../src/media/index.ts';

const root = mkdtempSync(join(tmpdir(), 'kino-perf-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** Two frames equal but for at most `maxLevels` on under `maxShare` of their bytes (Skia's rounding). */
function expectNearlyEqual(a: Uint8Array, b: Uint8Array, limits: { maxLevels: number; maxShare: number }) {
  expect(a.length).toBe(b.length);
  let differ = 0;
  let most = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > 0) differ++;
    most = Math.max(most, d);
  }
  expect(most).toBeLessThanOrEqual(limits.maxLevels);
  expect(differ / a.length).toBeLessThan(limits.maxShare);
}

const GRADED: PostParams = {
  contrast: 1.25,
  saturation: 0.8,
  warmth: 0.3,
  vignette: 0,
  grain: 0,
  sepia: 0,
  posterize: 0,
  brightness: 1,
  flicker: 0,
};

/** A frame of flat 32×32 patches in many colours (each patch fills whole x264 macroblocks). */
function patches(width: number, height: number): { rgba: Uint8Array; colours: [number, number, number][] } {
  const colours: [number, number, number][] = [];
  const rgba = new Uint8Array(width * height * 4);
  for (let py = 0; py < height / 32; py++) {
    for (let px = 0; px < width / 32; px++) {
      const n = colours.length;
      const c: [number, number, number] = [(n * 53) % 256, (n * 97 + 40) % 256, (n * 151 + 200) % 256];
      colours.push(c);
      for (let y = py * 32; y < py * 32 + 32; y++) {
        for (let x = px * 32; x < px * 32 + 32; x++) rgba.set([...c, 255], (y * width + x) * 4);
      }
    }
  }
  return { rgba, colours };
}

describe('render speed invariants', () => {
  it('I420 frames from the grading pass decode to the colours of the RGBA grade (BT.709, tagged)', async () => {
    const [width, height] = [256, 128];
    const { rgba } = patches(width, height);
    const post = new PostProcessor(GRADED, width, height, 1);
    const expected = rgba.slice();
    post.apply(expected, 0);
    const yuv = post.applyToI420(rgba, 0, 1, new Uint8Array((width * height * 3) / 2));
    const path = join(root, 'patches.mp4');
    const encoder = await openVideoEncoder({
      outputPath: path,
      width,
      height,
      fps: 24,
      frameCount: 3,
      quality: 'high',
      pixelFormat: 'i420',
    });
    for (let i = 0; i < 3; i++) await encoder.writeFrame(yuv);
    await encoder.finish();
    const probe = await probeMedia(path);
    expect(probe.video?.pixFmt).toBe('yuv420p');
    expect(probe.video?.frameCount).toBe(3);
    const [decoded] = await readFrames(path, { width, height, select: [1] });
    // Compare each patch's centre: x264 at crf 18 and the round trip through 8-bit YUV cost a few levels.
    let worst = 0;
    for (let y = 16; y < height; y += 32) {
      for (let x = 16; x < width; x += 32) {
        const i = (y * width + x) * 4;
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(decoded![i + c]! - expected[i + c]!));
      }
    }
    expect(worst).toBeLessThanOrEqual(4);
    // And the grade did something: the graded colours are not the input colours.
    let moved = 0;
    for (let i = 0; i < rgba.length; i += 4) moved += Math.abs(expected[i]! - rgba[i]!);
    expect(moved / (rgba.length / 4)).toBeGreaterThan(3);
  });

  it('I420 keeps the vignette, fades and grain of the RGBA grade', () => {
    const [width, height] = [160, 90];
    const grey = new Uint8Array(width * height * 4).fill(150);
    const params = { ...GRADED, vignette: 0.8, grain: 0.6 };
    const post = new PostProcessor(params, width, height, 4);
    const lumaOf = (yuv: Uint8Array, x: number, y: number) => yuv[y * width + x]!;
    const out = new Uint8Array((width * height * 3) / 2);
    post.applyToI420(grey, 3, 1, out);
    const rgba = grey.slice();
    post.apply(rgba, 3, 1);
    // Every pixel's Y is the BT.709 luma of the RGBA grade's pixel, grain and all, within rounding.
    let worst = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const luma = 16 + (219 / 255) * (0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!);
        worst = Math.max(worst, Math.abs(luma - lumaOf(out, x, y)));
      }
    }
    expect(worst).toBeLessThan(2);
    expect(lumaOf(out, 80, 45)).toBeGreaterThan(lumaOf(out, 2, 2) + 20);
    const faded = new Uint8Array(out.length);
    post.applyToI420(grey, 3, 0, faded);
    // Faded to black, only grain is left, centred on video black.
    const ys = faded.subarray(0, width * height);
    expect(ys.reduce((a, b) => a + b, 0) / ys.length).toBeCloseTo(16, 0);
  });

  it('any number of workers renders the I420 frames a single scene renders', async () => {
    const plan = directPrompt(SHOWCASE_PROMPTS.tokyo, {
      width: 480,
      height: 480,
      fps: 24,
      durationSec: 1,
      seed: 3,
    });
    const scene = new Scene(plan);
    const expected = [3, 4, 5, 6, 7].map((f) => md5(scene.renderFrameI420(f)));
    for (const workers of [2]) {
      const got: string[] = [];
      for await (const frame of renderFrames(plan, { workers, start: 3, end: 8, format: 'i420' })) {
        expect(frame.byteLength).toBe((480 * 480 * 3) / 2);
        got.push(md5(frame));
      }
      expect(got, `${workers} workers`).toEqual(expected);
    }
  });

  it('the encoder wants I420 frames of exactly width·height·3/2 bytes', async () => {
    const encoder = await openVideoEncoder({
      outputPath: join(root, 'wrong.mp4'),
      width: 64,
      height: 32,
      fps: 24,
      frameCount: 1,
      pixelFormat: 'i420',
    });
    const error = await encoder.writeFrame(new Uint8Array(64 * 32 * 4)).catch((e: unknown) => e);
    await encoder.abort();
    expect(error).toBeInstanceOf(KinoError);
    expect((error as KinoError).message).toMatch(/64x32 I420, 3072 bytes; got 8192 bytes/);
  });

  it('depth of field: the director opens the aperture when asked, and only the background goes soft', () => {
    const opts = { width: 854, height: 480, fps: 24, durationSec: 1, seed: 3 };
    const shallow = directPrompt(
      'a man standing on a neon Tokyo street at night, shallow depth of field',
      opts,
    );
    expect(shallow.shots[0]!.camera.aperture).toBeGreaterThan(0.5);
    expect(
      directPrompt('一个男人站在东京街头，夜晚，浅景深', opts).shots[0]!.camera.aperture,
    ).toBeGreaterThan(0.5);
    expect(directPrompt('close-up of a woman in a meadow', opts).shots[0]!.camera.aperture).toBeGreaterThan(
      0,
    );
    expect(
      directPrompt('a man standing on a neon Tokyo street at night', opts).shots[0]!.camera.aperture,
    ).toBe(undefined);

    const sharpPlan = structuredClone(shallow);
    sharpPlan.shots[0]!.camera.aperture = 0;
    const soft = new Scene(shallow).renderFrame(12);
    const sharp = new Scene(sharpPlan).renderFrame(12);
    /** Mean horizontal gradient of luma over a box: how much fine detail it holds. */
    const detail = (rgba: Uint8Array, x0: number, y0: number, x1: number, y1: number) => {
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * 854 + x) * 4;
          sum += Math.abs(rgba[i + 1]! - rgba[i + 5]!);
        }
      }
      return sum / ((x1 - x0) * (y1 - y0));
    };
    const diff = (x0: number, y0: number, x1: number, y1: number) => {
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++)
          sum += Math.abs(soft[(y * 854 + x) * 4 + 1]! - sharp[(y * 854 + x) * 4 + 1]!);
      }
      return sum / ((x1 - x0) * (y1 - y0));
    };
    // The facades and signs far behind him lose most of their edges…
    expect(detail(soft, 0, 0, 854, 150)).toBeLessThan(detail(sharp, 0, 0, 854, 150) * 0.6);
    // …while he stays as he was (his torso, the middle of the frame).
    expect(diff(410, 190, 445, 260)).toBeLessThan(3);
  });

  it('light shafts: beams fan out from a low sun in fog, and none at noon in clear air or at night', () => {
    const opts = { width: 854, height: 480, fps: 24, durationSec: 1, seed: 5 };
    const frameContext = (prompt: string) => {
      const plan = directPrompt(prompt, opts);
      const shot = plan.shots[0]!;
      const pose = cameraPoseAt(shot.camera, 0.5, plan.seed, () => undefined);
      const view = new View(pose.position, pose.lookAt, pose.fovDeg, 854, 480);
      const canvas = createCanvas(854, 480);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, 854, 480);
      const fc = {
        ctx,
        width: 854,
        height: 480,
        t: 0.5,
        shot,
        seed: plan.seed,
        view,
        eyeView: view,
        opening: cameraPoseAt(shot.camera, 0, plan.seed, () => undefined),
        roll: 0,
        palette: paletteFor(shot),
        sprites: new Sprites(),
        unit: 480 / 1080,
      } satisfies FrameContext;
      return { fc, canvas };
    };
    expect(shaftStrength(frameContext('a drone shot over mountains at noon').fc)).toBe(0);
    expect(shaftStrength(frameContext('a foggy sea at night, a ship sailing').fc)).toBe(0);
    const { fc, canvas } = frameContext("fog everywhere; a sailor's point of view at sea at dawn");
    expect(shaftStrength(fc)).toBeGreaterThan(0.2);
    drawLightShafts(fc);
    const sun = fc.view.project({
      x: fc.view.position.x + fc.palette.sunDir.x * 1e5,
      y: fc.view.position.y + fc.palette.sunDir.y * 1e5,
      z: fc.view.position.z + fc.palette.sunDir.z * 1e5,
    })!;
    const pixels = canvas.data();
    /** Brightness along a ring around the sun's place in the frame (the parts inside the frame). */
    const ring = (radius: number) => {
      const samples: number[] = [];
      for (let a = 0; a < 360; a += 1) {
        const x = Math.round(sun.x + radius * Math.cos((a * Math.PI) / 180));
        const y = Math.round(sun.y + radius * Math.sin((a * Math.PI) / 180));
        if (x >= 0 && y >= 0 && x < 854 && y < 480) samples.push(pixels[(y * 854 + x) * 4]!);
      }
      const mean = samples.reduce((p, q) => p + q, 0) / samples.length;
      return { mean, max: Math.max(...samples), min: Math.min(...samples) };
    };
    // Light near the sun, fading outward…
    expect(ring(40).mean).toBeGreaterThan(8);
    expect(ring(40).mean).toBeGreaterThan(ring(300).mean * 1.2);
    // …in beams: bright and dark sectors around the sun, not a flat wash.
    expect(ring(150).max).toBeGreaterThan(ring(150).min + 15);
  });

  it('the bow occludes: the sea is not drawn behind it, and frames stay as they were', () => {
    const [width, height] = [854, 480];
    const plan = directPrompt(SHOWCASE_PROMPTS.pirate, { seed: 42, width, height, fps: 30, durationSec: 14 });
    const shot = plan.shots[0]!;
    const world = new SeaWorld(plan.seed, true);
    let hidden = 0;
    for (const t of [1, 6.5, 11]) {
      const pose = cameraPoseAt({ ...shot.camera, swayDeg: 0 }, t, plan.seed, () => undefined);
      const view = new View(pose.position, pose.lookAt, pose.fovDeg, width, height);
      const bow = createCanvas(width, height);
      const fc = {
        ctx: bow.getContext('2d'),
        ...{ width, height, t, shot, seed: plan.seed, view, eyeView: view, opening: pose, roll: 0 },
        ...{ palette: paletteFor(shot), sprites: new Sprites(), unit: height / 1080 },
      } satisfies FrameContext;
      world.foreground(fc);
      const mask = createCanvas(width, height);
      const m = mask.getContext('2d');
      m.beginPath();
      for (const p of world.occluder(fc)!) m.lineTo(p.x, p.y);
      m.fill();
      const [painted, inside] = [bow.data(), mask.data()];
      for (let i = 3; i < inside.length; i += 4) {
        if (inside[i]! === 0) continue;
        hidden++;
        // Whatever the clip keeps the world from drawing, the bow paints over opaquely.
        if (painted[i] !== 255) expect.fail(`pixel ${(i - 3) / 4} at t=${t} is clipped but not covered`);
      }
    }
    expect(hidden / (3 * width * height)).toBeGreaterThan(0.15);

    // End to end: the frames of a scene whose sea has no occluder, but for rounding in Skia's clipped
    // blitters (a level or two on a few pixels of sea).
    const noOccluder = vi.spyOn(SeaWorld.prototype, 'occluder').mockReturnValue(undefined);
    const reference = [30, 200].map((f) => new Scene(plan).renderFrame(f));
    noOccluder.mockRestore();
    const clipped = new Scene(plan);
    for (const [k, f] of [30, 200].entries()) {
      expectNearlyEqual(clipped.renderFrame(f), reference[k]!, { maxLevels: 3, maxShare: 0.002 });
    }
  });

  it("the sea painted in one piece is the sea of Skia's bands: fog, beams and a monster behind the swell stay behind it", () => {
    const prompts = [
      'fog everywhere; a drone glides low over the open sea at dawn',
      SHOWCASE_PROMPTS.pirate,
      'a sea monster rises from the sea at night, seen from a small boat',
    ];
    for (const prompt of prompts) {
      const plan = directPrompt(prompt, { seed: 8, width: 854, height: 480, fps: 30, durationSec: 4 });
      expect(plan.shots[0]!.setting).toBe('sea');
      const frames = [20, 90];
      const spy = vi.spyOn(SeaWorld.prototype, 'hiddenBelow');
      const plate = frames.map((f) => new Scene(plan).renderFrame(f));
      // In fog, the sea crops the sheets and beams it hides along a line inside the frame…
      const lines = spy.mock.results.map((r) => r.value as number | undefined);
      if (prompt.startsWith('fog')) expect(lines.some((y) => y !== undefined && y > 0 && y < 480)).toBe(true);
      spy.mockRestore();
      // …and every frame is the one the band-by-band Skia fills gave, where nearer swell painted over
      // whatever sorted behind it: but for antialiasing and rounding, a level or two here and there.
      const bands = vi.spyOn(BandPlate.prototype, 'drawable').mockImplementation((rows) => rowBands(rows));
      const edges = vi.spyOn(SeaWorld.prototype, 'surfaceEdgeNearer').mockReturnValue(undefined);
      const skia = frames.map((f) => new Scene(plan).renderFrame(f));
      bands.mockRestore();
      edges.mockRestore();
      for (const [k, a] of plate.entries()) {
        const b = skia[k]!;
        let sum = 0;
        let far = 0;
        for (let i = 0; i < a.length; i++) {
          const d = Math.abs(a[i]! - b[i]!);
          sum += d;
          if (d > 8) far++;
        }
        expect(sum / a.length, `${prompt}, frame ${frames[k]}: mean difference`).toBeLessThan(0.3);
        expect(far / a.length, `${prompt}, frame ${frames[k]}: share off by more than 8`).toBeLessThan(0.002);
      }
    }
  });
});

describe('render worker start-up', () => {
  // Every render thread loads the worker and all it imports in an isolate of its own, so a package
  // imported there costs each thread its loading and compiling. zod (the plan's validation) had crept
  // back in through one engine module importing a constant from the plan's schema.
  it('the render worker and the engine it loads import no validation library', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: ['src/backends/procedural/render-worker.ts'],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      logLevel: 'silent',
    });
    const packages = new Set(
      Object.values(result.metafile.inputs).flatMap((input) =>
        input.imports.filter((i) => i.external).map((i) => i.path),
      ),
    );
    const modules = Object.keys(result.metafile.inputs);
    expect(modules).toContain('src/engine/scene.ts');
    expect([...packages].filter((p) => p === 'zod' || p.startsWith('zod/'))).toEqual([]);
    expect(modules.filter((m) => /src\/plan\/(schema|parse)\.ts$/.test(m))).toEqual([]);
  });
});
