/**
 * Every world and style preset, rendered short and small, checked on the real MP4: no black or
 * frozen stretches, no unplanned cuts, motion where the plan moves, presets measurably distinct.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proceduralBackend } from '../src/backends/index.ts';
import { directPrompt } from '../src/director/index.ts';
import { Scene } from '../src/engine/index.ts';
import { aboveGround } from '../src/engine/camera-rig.ts';
import { TerrainWorld } from '../src/engine/worlds/terrain.ts';
import { pictureFaults, sceneCuts } from '../src/media/index.ts';
import { STYLE_PRESETS } from '../src/plan/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'kino-worlds-'));
const clip = { width: 480, height: 480, fps: 24, durationSec: 3, seed: 11 };

const WORLDS = {
  sea: 'a sailing ship on the open sea at dawn, seagulls overhead',
  mountains: 'drone shot over snowy mountains and a river valley at golden hour',
  countryside: 'a horse walking across a green meadow on a sunny afternoon',
  savanna: 'a lion walks across the savanna at golden hour, acacia trees on the horizon',
  'mountain-road': 'a red SUV driving on a winding mountain road',
  'city-street': 'a man walks down a rainy Tokyo street at night, neon signs',
  desert: 'a red jeep drives through the sand dunes of the desert at golden hour',
  beach: 'waves roll onto a sandy beach on a sunny afternoon, a dog runs along the shore',
  forest: 'a girl walks down a forest path in the morning',
  interior: 'a cat walks across a cozy living room at night',
  space: 'an astronaut on a space station deck above a blue planet',
} as const;

describe('every world renders a clean, moving clip', () => {
  it.each(Object.entries(WORLDS))('%s', async (setting, prompt) => {
    const plan = directPrompt(prompt, clip);
    expect(plan.shots[0]!.setting).toBe(setting);
    const out = join(dir, `${setting}.mp4`);
    await proceduralBackend({ workers: 2 }).generate({ plan, outputPath: out, quality: 'preview' });
    const faults = await pictureFaults(out);
    expect(faults.black, 'black stretches').toEqual([]);
    expect(faults.frozen, 'frozen stretches').toEqual([]);
    expect(await sceneCuts(out), 'unplanned cuts').toEqual([]);
  });

  it('weather seen from a drone veils the land instead of hiding it (no white, frozen wall)', async () => {
    const plan = directPrompt('drone shot over the mountains during a snowfall', clip);
    expect(plan.shots[0]).toMatchObject({ weather: 'snow', camera: { viewpoint: 'drone' } });
    const out = join(dir, 'mountains-snowfall.mp4');
    await proceduralBackend({ workers: 2 }).generate({ plan, outputPath: out, quality: 'preview' });
    expect((await pictureFaults(out)).frozen, 'frozen stretches').toEqual([]);
  });
});

describe('worlds are pure functions of (plan, frame)', () => {
  it.each(['desert', 'beach', 'forest', 'interior', 'space'] as const)(
    '%s renders a frame the same whatever was rendered before it',
    (setting) => {
      const plan = directPrompt(WORLDS[setting], clip);
      const fresh = new Scene(plan).renderFrame(50);
      const warmed = new Scene(plan);
      for (const f of [70, 10, 49]) warmed.renderFrame(f);
      expect(Buffer.compare(warmed.renderFrame(50), fresh)).toBe(0);
    },
  );
});

describe('ground seen from a drone', () => {
  const plan = directPrompt('aerial view of a herd of horses', clip);
  const bare = { ...plan, shots: plan.shots.map((s) => ({ ...s, entities: [] })) };
  const frame = 48; // past the opening fade
  const luma = (rgba: Uint8Array, x: number, y: number) => {
    const i = (y * clip.width + x) * 4;
    return 0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!;
  };

  it('animals standing on it are drawn over it, not buried under it', () => {
    expect(plan.shots[0]!.camera.viewpoint).toBe('drone');
    expect(plan.shots[0]!.entities.filter((e) => e.kind === 'horse').length).toBeGreaterThan(2);
    const withHerd = new Scene(plan).renderFrame(frame);
    const without = new Scene(bare).renderFrame(frame);
    let changed = 0;
    for (let i = 0; i < withHerd.length; i += 4)
      if (Math.abs(withHerd[i]! - without[i]!) + Math.abs(withHerd[i + 1]! - without[i + 1]!) > 40) changed++;
    // A handful of small horses 60 m below the lens: a few hundred pixels of the 230k.
    expect(changed).toBeGreaterThan(150);
  });

  it('the ground reaches the bottom corners of the frame: no sky shows through beside the near rows', () => {
    const rgba = new Scene(bare).renderFrame(frame);
    const patch = (x0: number) => {
      let sum = 0;
      for (let y = clip.height - 8; y < clip.height; y++)
        for (let x = x0; x < x0 + 8; x++) sum += luma(rgba, x, y);
      return sum / 64;
    };
    const middle = patch(clip.width / 2 - 4);
    // The sky behind is far brighter than grass; ground at the corners is about as dark as in the middle.
    expect(patch(0)).toBeLessThan(middle + 40);
    expect(patch(clip.width - 8)).toBeLessThan(middle + 40);
  });
});

describe('the lens and the land', () => {
  it('lifts a lens the hillside would swallow clear of it, still looking at the same point', () => {
    const plan = directPrompt('drone shot following a red car on a mountain road', clip);
    const world = new TerrainWorld(plan.seed, 'mountain-road');
    expect(plan.shots[0]!.setting).toBe('mountain-road');
    // Up the slope beside the road, the land stands tens of metres above the road.
    const x = -40;
    const z = 0;
    const ground = world.groundHeight(x, z);
    expect(ground).toBeGreaterThan(10);
    const buried = { position: { x, y: 5, z }, lookAt: { x: 0, y: 0, z: 20 }, fovDeg: 50, rollDeg: 0 };
    const lifted = aboveGround(buried, world);
    expect(lifted.position.y).toBeGreaterThan(ground);
    expect(lifted.position.y).toBeLessThan(ground + 1);
    expect(lifted.lookAt).toEqual(buried.lookAt);
    // A lens already above the land, or in a world without one, is left alone.
    const high = { ...buried, position: { x, y: ground + 20, z } };
    expect(aboveGround(high, world)).toBe(high);
    expect(aboveGround(buried, {})).toBe(buried);
  });
});

describe('the mountain road', () => {
  it('keeps a horse and its rider on the road as it winds, as it does a cyclist', () => {
    for (const prompt of [
      'a cowboy rides his horse along a winding mountain road',
      'a cyclist rides down a winding mountain road',
    ]) {
      const plan = directPrompt(prompt, clip);
      const shot = plan.shots[0]!;
      expect(shot.setting, prompt).toBe('mountain-road');
      const world = new TerrainWorld(plan.seed, 'mountain-road');
      const mount = shot.entities.find((e) => e.kind === 'horse' || e.kind === 'bicycle')!;
      for (const t of [0, 1, 2, 3]) {
        const at = world.place(mount, t).position;
        // Within the road's width of its centre line, wherever the road has turned by then.
        expect(Math.abs(at.x - world.roadX(at.z)), `${prompt} at ${t} s`).toBeLessThan(3.6);
      }
    }
  });
});

describe('the night sky', () => {
  /** Pixels in the top half of an RGBA frame brighter than anything but the moon, and their mean x. */
  const brightAbove = (rgba: Uint8Array) => {
    const xs: number[] = [];
    for (let y = 0; y < clip.height / 2; y++)
      for (let x = 0; x < clip.width; x++) {
        const i = (y * clip.width + x) * 4;
        if (0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]! > 180) xs.push(x);
      }
    return { count: xs.length, meanX: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) };
  };
  const last = clip.fps * clip.durationSec - 1;

  it('a clear night has a moon in view, fixed in the sky: still for a still camera, left behind by a pan', () => {
    // Frame 24: past the opening fade from black.
    const still = new Scene(directPrompt('a lone man stands in the desert at night under the stars', clip));
    const [a, b] = [24, last].map((f) => brightAbove(still.renderFrame(f)));
    // A disc about 3% of the frame's height in radius: several hundred pixels at 480x480.
    expect(a!.count).toBeGreaterThan(300);
    expect(Math.abs(a!.meanX - b!.meanX)).toBeLessThan(2);

    const plan = directPrompt('a slow pan across the desert at night', clip);
    expect(plan.shots[0]!.camera.move).toBe('pan-right');
    const panning = new Scene(plan);
    const [from, to] = [24, last].map((f) => brightAbove(panning.renderFrame(f)));
    expect(from!.count).toBeGreaterThan(100);
    // The camera turns right, so the moon slides left, out of the frame.
    expect(to!.count < 20 || to!.meanX < from!.meanX - 10).toBe(true);
  });

  it('rain hides the moon', () => {
    const rain = new Scene(directPrompt('a lone man stands in the desert at night in the rain', clip));
    expect(brightAbove(rain.renderFrame(24)).count).toBe(0);
  });
});

/** Mean luma of an RGBA frame (BT.709 weights). */
function meanLuma(rgba: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < rgba.length; i += 4)
    sum += 0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!;
  return sum / (rgba.length / 4);
}

describe('lightning', () => {
  it('a storm flashes bright on the frame its thunder was planned from, and only then', () => {
    const plan = directPrompt('a storm over the mountains at dusk', clip);
    const shot = plan.shots[0]!;
    expect(shot.weather).toBe('storm');
    // The director puts the storm's thunder at mid-shot; the strike is seen 0.4 s before it is heard.
    const thunder = plan.audio.effects.find((e) => e.kind === 'thunder')!;
    const strikeFrame = Math.ceil((thunder.t - 0.4) * clip.fps);
    const scene = new Scene(plan);
    const lumas = new Map<number, number>();
    for (let f = strikeFrame - 14; f <= strikeFrame + 20; f += 2)
      lumas.set(f, meanLuma(scene.renderFrame(f)));
    lumas.set(strikeFrame, meanLuma(scene.renderFrame(strikeFrame)));
    // The storm's own light between flashes (faint sheet lightning flickers in the clouds too).
    const dark = Math.min(...lumas.values());
    expect(lumas.get(strikeFrame)!, 'the flash lights the frame').toBeGreaterThan(dark * 1.4 + 12);
    // Within a second the sky has gone dark again.
    expect(lumas.get(strikeFrame + 20)! - dark).toBeLessThan(4);
    const brightest = [...lumas.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(Math.abs(brightest - strikeFrame), 'the brightest frame is the strike').toBeLessThanOrEqual(2);
  });

  it('a named lightning strike flashes when the prompt says, and a calm sky never does', () => {
    const plan = directPrompt('a quiet desert at night, then suddenly lightning strikes', clip);
    const strike = plan.shots[0]!.events.find((e) => e.type === 'lightning');
    expect(strike).toBeDefined();
    const scene = new Scene(plan);
    const at = Math.ceil(strike!.t * clip.fps);
    const flash = meanLuma(scene.renderFrame(Math.min(scene.frames - 1, at)));
    // Darkest moment of the shot after the fade-in: the strike outshines it by far.
    const calm = Math.min(...[16, 20, 50, 54, 70].map((f) => meanLuma(scene.renderFrame(f))));
    expect(flash).toBeGreaterThan(calm * 1.4 + 10);
    const still = new Scene(directPrompt('a quiet desert at night', clip));
    const lumas = Array.from({ length: 12 }, (_, i) => meanLuma(still.renderFrame(15 + i * 4)));
    expect(Math.max(...lumas) - Math.min(...lumas)).toBeLessThan(6);
  });
});

describe('style presets look measurably different', () => {
  it('each preset changes the colour statistics of the same frame', () => {
    const stats = (preset: (typeof STYLE_PRESETS)[number]) => {
      const rgba = new Scene(directPrompt(WORLDS.countryside, { ...clip, style: preset })).renderFrame(40);
      let r = 0;
      let g = 0;
      let b = 0;
      let sat = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        r += rgba[i]!;
        g += rgba[i + 1]!;
        b += rgba[i + 2]!;
        sat +=
          Math.max(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!) - Math.min(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!);
      }
      const n = rgba.length / 4;
      return [r / n, g / n, b / n, sat / n];
    };
    const all = STYLE_PRESETS.map((p) => [p, stats(p)] as const);
    const noir = all.find(([p]) => p === 'film-noir')![1];
    expect(noir[3], 'film noir is black and white').toBeLessThan(2);
    const archival = all.find(([p]) => p === 'archival')![1];
    expect(archival[0]!, 'archival is warm sepia').toBeGreaterThan(archival[2]!);
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, sa] = all[i]!;
        const [b, sb] = all[j]!;
        const d = Math.hypot(...sa.map((v, k) => v - sb[k]!));
        expect(d, `${a} vs ${b}`).toBeGreaterThan(2);
      }
    }
  });
});
