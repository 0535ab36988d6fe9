import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderFrames } from '../src/backends/index.ts';
import { SHOWCASE_PROMPTS, directPrompt } from '../src/director/index.ts';
import { Scene } from '../src/engine/index.ts';
import { shellsIn } from '../src/engine/fireworks.ts';
import { View } from '../src/engine/view.ts';
import { parsePlan } from '../src/plan/index.ts';

const small = { width: 854, height: 480, fps: 24, durationSec: 3 };
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** Mean colour, luma spread and saturation of a frame: enough to tell scenes apart. */
function stats(rgba: Uint8Array) {
  let r = 0,
    g = 0,
    b = 0,
    l2 = 0,
    sat = 0;
  const n = rgba.length / 4;
  for (let i = 0; i < rgba.length; i += 4) {
    const R = rgba[i]!,
      G = rgba[i + 1]!,
      B = rgba[i + 2]!;
    r += R;
    g += G;
    b += B;
    const l = 0.2126 * R + 0.7152 * G + 0.0722 * B;
    l2 += l * l;
    sat += Math.max(R, G, B) - Math.min(R, G, B);
  }
  const luma = (0.2126 * r + 0.7152 * g + 0.0722 * b) / n;
  return { r: r / n, g: g / n, b: b / n, luma, lumaStd: Math.sqrt(l2 / n - luma * luma), sat: sat / n };
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 4)
    d += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
  return d / (a.length / 4) / 3;
}

describe('scene engine v0', () => {
  it('renders frames of the right size, with the fade from black and then a real image', () => {
    const scene = new Scene(directPrompt(SHOWCASE_PROMPTS.pirate, { ...small, seed: 1 }));
    const first = scene.renderFrame(0);
    const later = scene.renderFrame(30);
    expect(first.byteLength).toBe(854 * 480 * 4);
    expect(stats(first).luma).toBeLessThan(15);
    expect(stats(later).luma).toBeGreaterThan(40);
    expect(stats(later).lumaStd).toBeGreaterThan(20);
    expect(() => scene.renderFrame(72)).toThrow(/outside 0..71/);
  });

  it('is a pure function of (plan, frame): same plan gives identical pixels in any order', () => {
    const plan = directPrompt(SHOWCASE_PROMPTS.tokyo, { ...small, seed: 5 });
    const a = new Scene(plan);
    const b = new Scene(parsePlan(JSON.parse(JSON.stringify(plan))));
    const forward = [10, 20, 40].map((f) => md5(a.renderFrame(f)));
    const backward = [40, 20, 10].map((f) => md5(b.renderFrame(f))).reverse();
    expect(backward).toEqual(forward);
  });

  it('moves: the camera and entities change the picture over time', () => {
    for (const prompt of [
      SHOWCASE_PROMPTS.drone,
      SHOWCASE_PROMPTS.suv,
      SHOWCASE_PROMPTS.tokyo,
      SHOWCASE_PROMPTS.pirate,
    ]) {
      const scene = new Scene(directPrompt(prompt, { ...small, seed: 2 }));
      expect(meanAbsDiff(scene.renderFrame(24), scene.renderFrame(30)), prompt).toBeGreaterThan(1);
    }
  });

  it('different seeds give different videos', () => {
    const one = new Scene(directPrompt(SHOWCASE_PROMPTS.pirate, { ...small, seed: 1 })).renderFrame(50);
    const two = new Scene(directPrompt(SHOWCASE_PROMPTS.pirate, { ...small, seed: 2 })).renderFrame(50);
    expect(meanAbsDiff(one, two)).toBeGreaterThan(2);
  });

  it('the sea monster surfaces: a dark body rises into the bright fog after the event', () => {
    const plan = directPrompt(SHOWCASE_PROMPTS.pirate, { ...small, durationSec: 8, seed: 4 });
    const scene = new Scene(plan);
    const surface = plan.shots[0]!.events.find((e) => e.type === 'surface')!.t;
    // Share of dark pixels above the bow, where the monster rises against the fog.
    const darkAboveBow = (rgba: Uint8Array) => {
      let dark = 0;
      const n = Math.floor((rgba.length / 4) * 0.75);
      for (let i = 0; i < n * 4; i += 4)
        if (0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]! < 120) dark++;
      return dark / n;
    };
    const frame = Math.floor((surface + 2.2) * 24);
    const without = parsePlan({ ...plan, shots: [{ ...plan.shots[0]!, entities: [] }] });
    const calm = darkAboveBow(new Scene(without).renderFrame(frame));
    const breached = darkAboveBow(scene.renderFrame(frame));
    expect(breached).toBeGreaterThan(calm + 0.02);
    // Before the event the sea is calm: nothing of the monster shows yet.
    const early = Math.floor((surface - 2.3) * 24);
    expect(md5(scene.renderFrame(early))).toBe(md5(new Scene(without).renderFrame(early)));
  });

  it('the four showcase prompts look different (colour statistics of a mid frame)', () => {
    const names = ['pirate', 'drone', 'tokyo', 'suv'] as const;
    const s = Object.fromEntries(
      names.map((n) => [
        n,
        stats(new Scene(directPrompt(SHOWCASE_PROMPTS[n], { ...small, seed: 7 })).renderFrame(48)),
      ]),
    );
    // Night city: darkest. Foggy sea: brightest and least saturated. Drone at golden hour: warm.
    expect(s.tokyo!.luma).toBeLessThan(Math.min(s.pirate!.luma, s.drone!.luma, s.suv!.luma));
    expect(s.pirate!.sat).toBeLessThan(Math.min(s.drone!.sat, s.suv!.sat, s.tokyo!.sat));
    expect(s.drone!.r).toBeGreaterThan(s.drone!.b);
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const a = s[names[i]!]!,
          b = s[names[j]!]!;
        const distance = Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b, a.lumaStd - b.lumaStd, a.sat - b.sat);
        expect(distance, `${names[i]} vs ${names[j]}`).toBeGreaterThan(10);
      }
    }
  });

  it('worker threads render exactly what a single scene renders', async () => {
    const plan = directPrompt(SHOWCASE_PROMPTS.suv, { ...small, durationSec: 1, seed: 9 });
    const scene = new Scene(plan);
    const hashes: string[] = [];
    for await (const frame of renderFrames(plan, { workers: 2, start: 4, end: 10 })) hashes.push(md5(frame));
    expect(hashes).toEqual([4, 5, 6, 7, 8, 9].map((f) => md5(scene.renderFrame(f))));
  });

  it('stops rendering when cancelled', async () => {
    const plan = directPrompt(SHOWCASE_PROMPTS.suv, { ...small, durationSec: 3, seed: 9 });
    const controller = new AbortController();
    let n = 0;
    await expect(async () => {
      for await (const _ of renderFrames(plan, { workers: 2, signal: controller.signal })) {
        if (++n === 3) controller.abort();
      }
    }).rejects.toThrow(/cancelled/);
    expect(n).toBe(3);
  });
});

describe('fireworks', () => {
  const prompt = 'fireworks over the beach at night';
  const clip = { ...small, durationSec: 4, seed: 5 };

  it('each firework event bursts where its shell was placed, bright against the night sky', () => {
    const plan = directPrompt(prompt, clip);
    const shot = plan.shots[0]!;
    const bursts = shot.events.filter((e) => e.type === 'firework');
    expect(bursts.length).toBeGreaterThanOrEqual(3);
    const quiet = parsePlan({ ...plan, shots: [{ ...shot, events: [] }] });
    const scene = new Scene(plan);
    const dark = new Scene(quiet);
    const opening = { ...shot.camera.keyframes[0]!, fovDeg: shot.camera.keyframes[0]!.fovDeg };
    const shells = shellsIn(shot, plan.seed, opening);
    for (const [i, burst] of bursts.slice(0, 2).entries()) {
      // A third of a second after the burst, on a frame whose camera is the opening one (static shot).
      const frame = Math.round((burst.t + 0.3) * clip.fps);
      const a = scene.renderFrame(frame);
      const b = dark.renderFrame(frame);
      // Where the frames differ, and by how much: the brightened pixels cluster round the shell.
      let sx = 0,
        sy = 0,
        n = 0;
      for (let p = 0; p < a.length; p += 4) {
        const lift = a[p]! + a[p + 1]! + a[p + 2]! - (b[p]! + b[p + 1]! + b[p + 2]!);
        if (lift > 60) {
          sx += (p / 4) % clip.width;
          sy += Math.floor(p / 4 / clip.width);
          n++;
        }
      }
      expect(n, `burst ${i}: brightened pixels`).toBeGreaterThan(150);
      const view = new View(opening.position, opening.lookAt, opening.fovDeg, clip.width, clip.height);
      const at = view.project(shells[i]!.burst)!;
      expect(Math.hypot(sx / n - at.x, sy / n - at.y), `burst ${i}: centre of the light, px`).toBeLessThan(
        60,
      );
    }
    // Before the first shell leaves the ground, nothing is in the sky.
    const before = Math.floor((bursts[0]!.t - 1.05) * clip.fps);
    expect(md5(scene.renderFrame(before))).toBe(md5(dark.renderFrame(before)));
  });

  it('renders the same display whatever frame came before (a pure function of the plan)', () => {
    const plan = directPrompt(prompt, clip);
    const fresh = new Scene(plan).renderFrame(60);
    const warmed = new Scene(plan);
    for (const f of [80, 5, 59]) warmed.renderFrame(f);
    expect(md5(warmed.renderFrame(60))).toBe(md5(fresh));
  });
});
