/**
 * A sandy beach: a dry berm where people stand, a beach face sloping into the sea, surf rolling in as
 * lines of breaking foam, and the swash running up the sand and back, leaving it dark and glossy.
 * The coast curves away on the left into a hazy green headland, a leading line to the horizon.
 *
 * Conventions: the shoreline runs roughly along x, the sea lies toward +z. The berm is level at
 * y = 0 around the origin, where the director puts people and animals; the sea's mean level is
 * WATER_LEVEL, below it.
 */
import type { Entity, Shot } from '../../plan/index.ts';
import { isAirborne } from '../../plan/motion.ts';
import { clamp, smoothstep } from '../../lib/math.ts';
import { hash01 } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fbm2, valueNoise2 } from '../noise.ts';
import { fogAmount, shade } from '../palette.ts';
import { rowBands } from '../surface-rows.ts';
import { groundLight, groundRows, HeightCache, type GroundPoint } from './ground-rows.ts';
import { straightLinePose } from './placement.ts';
import { drawTuft, scatter } from './props.ts';
import { drawSky } from './sky.ts';
import { Water } from './water.ts';

const DRY_SAND = hex('#b59c78');
const WET_SAND = hex('#8e7a5c');
const DEEP = hex('#0d3a48');
const SHALLOW = hex('#2f9a9a');
const FOAM = hex('#f2f5f2');
const HEADLAND = hex('#4d6a3a');
const CLIFF = hex('#8a7d6a');
const MARRAM = hex('#8f9a5a');

const WATER_LEVEL = -0.6;
/** Slope of the beach face, metres down per metre out. */
const FACE = 0.06;
/** How far up the beach face the swash runs at its highest, in metres along the ground. */
const RUNUP = 7;
const SURF_PERIOD = 7;
const SURF_LENGTH = 13;

export class BeachWorld implements World {
  private readonly water: Water;
  private readonly cache: HeightCache;
  private readonly phase: number;

  constructor(
    private readonly seed: number,
    weather: Shot['weather'],
  ) {
    // A storm heaps the sea up; fair weather leaves a gentle swell.
    this.water = new Water(seed, weather === 'storm' ? 1.1 : weather === 'rain' ? 0.6 : 0.35);
    this.phase = hash01(seed, 51) * 6;
    this.cache = new HeightCache((x, z) => this.ground(x, z));
  }

  /** The waterline at still water: z of the shore at x, curving out to a headland on the left. */
  shoreZ(x: number): number {
    const headland = x < -120 ? Math.pow(-x - 120, 1.15) * 1.1 : 0;
    return 22 + 0.15 * x + 6 * Math.sin(x / 53 + this.phase) + headland;
  }

  /** Solid ground: the level berm, the beach face down into the sea, hills on the land behind. */
  ground(x: number, z: number): number {
    const d = z - this.shoreZ(x);
    const face = d < -12 ? 0 : Math.max(-8, -FACE * (d + 12));
    // Soft hummocks on the dry sand catch the light; the wet face is smoothed flat by the swash.
    const hummocks = 0.3 * fbm2(this.seed + 2, x / 9, z / 9, 2) * smoothstep(-12, -20, d);
    // Hills rise behind the beach, well away from the stage: the headland in the distance.
    const inland = smoothstep(-60, -260, d);
    // Broad swells only (two octaves): the rows that draw them lie tens of metres apart out there, and
    // finer detail would alias into faceted stripes across the slopes.
    const hills = inland > 0 ? inland * (40 + 140 * fbm2(this.seed + 5, x / 500, z / 500, 2)) : 0;
    return face + hummocks + hills;
  }

  /** How far the swash has run up the beach at (x, t): surges in with each breaker, then drains. */
  private swash(x: number, t: number): number {
    const cycle = (t / SURF_PERIOD + x / 180 + this.phase) % 1;
    const surge = cycle < 0.35 ? smoothstep(0, 0.35, cycle) : 1 - smoothstep(0.35, 1, cycle);
    return RUNUP * surge * (0.7 + 0.3 * valueNoise2(this.seed, x / 30, Math.floor(t / SURF_PERIOD)));
  }

  /** Where the water surface is: the swell offshore, raised near the shore by the running swash. */
  private waterHeight(x: number, z: number, t: number): number {
    const d = z - this.shoreZ(x);
    const swell = this.water.height(x, z, t) * smoothstep(-5, 60, d);
    const surf = this.breaker(d, t) * 0.35 * smoothstep(2, 25, d) * smoothstep(70, 30, d);
    return WATER_LEVEL + swell + surf + FACE * this.swash(x, t) * smoothstep(25, 0, d);
  }

  /** 0–1: the crest of a breaker rolling in toward the shore (1 on the crest). */
  private breaker(d: number, t: number): number {
    const psi = d / SURF_LENGTH + t / SURF_PERIOD;
    return Math.pow(1 - (psi - Math.floor(psi)), 6);
  }

  place(entity: Entity, t: number): Pose {
    const pose = straightLinePose(entity, t);
    if (isAirborne(entity.kind) || entity.kind === 'ship') return pose;
    const { x, z } = pose.position;
    return {
      ...pose,
      position: { ...pose.position, y: Math.max(this.ground(x, z), WATER_LEVEL) + entity.position.y },
    };
  }

  background(fc: FrameContext): void {
    drawSky(fc);
  }

  drawables(fc: FrameContext): Drawable[] {
    const rows = groundRows(
      fc,
      {
        height: (x, z) => this.ground(x, z),
        top: (x, z, ground, f) => Math.max(ground, this.waterHeight(x, z, f.t)),
        color: (p, f) => this.color(p, f),
        far: 6000,
        columns: 44,
      },
      this.cache,
    );
    return [...rowBands(rows), ...this.grass(fc), ...this.footprints(fc)];
  }

  private color(p: GroundPoint, fc: FrameContext): Rgb {
    const { palette, view, t } = fc;
    const d = p.z - this.shoreZ(p.x);
    const depthOfWater = p.y - p.ground;
    if (depthOfWater <= 0.005) {
      if (p.ground > 15) {
        // The headland: scrubby green, paling to bare rock toward the crest. Its rows lie hundreds
        // of metres apart out there and each band is one flat strip, so anything that steps from
        // row to row (the coarse normals, the haze by each row's own depth) shows as stripes along
        // the slopes. It is shaded as one landform instead: soft light, and the haze of the coast
        // at its foot, which varies only along it.
        const albedo = mixRgb(HEADLAND, CLIFF, smoothstep(40, 160, p.ground) * 0.5);
        const light = 0.5 + 0.2 * smoothstep(20, 140, p.ground);
        const foot = view.depthOf({ x: p.x, y: 0, z: this.shoreZ(p.x) });
        return shade(palette, albedo, light, Math.max(foot, 0));
      }
      // Sand the swash reached a moment ago is dark and mirrors the sky; it dries further up.
      // Rain soaks the whole beach.
      const rained = fc.shot.weather === 'rain' || fc.shot.weather === 'storm' ? 0.7 : 0;
      const wet = Math.max(rained, smoothstep(-RUNUP - 6, -RUNUP - 2, d));
      const grain = fbm2(this.seed + 9, p.x / 6, p.z / 6, 2) * 0.12;
      // The wrack line: a wavy dark band of weed and shells left by the last high tide.
      const wrack =
        smoothstep(1.2, 0, Math.abs(d + RUNUP + 7 + 2 * Math.sin(p.x / 9))) *
        fbm2(this.seed + 13, p.x / 3, 0, 2);
      const sand = mixRgb(
        mixRgb(mixRgb(DRY_SAND, WET_SAND, wet), hex('#ffffff'), grain - 0.04),
        hex('#5a4a36'),
        wrack * 0.7,
      );
      const lit = shade(palette, sand, groundLight(fc, p.hx, p.hz), 0);
      return mixRgb(mixRgb(lit, palette.skyHorizon, wet * 0.3), palette.fog, fogAmount(palette, p.depth));
    }
    // Water: turquoise over the sand in the shallows, deep blue-green offshore, the sky mirrored at
    // grazing angles, foam on the breakers and along the swash's edge.
    const s = this.water.sample(p.x, p.z, t);
    const toEye = Math.hypot(view.position.x - p.x, view.position.y - p.y, view.position.z - p.z);
    const ndv = clamp(
      (view.position.y - p.y) / toEye +
        (s.slopeX * (p.x - view.position.x) + s.slopeZ * (p.z - view.position.z)) / toEye,
      0,
      1,
    );
    const fresnel = 0.04 + 0.96 * Math.pow(1 - ndv, 5);
    const clear = Math.exp(-depthOfWater / 0.5);
    const rough = this.water.maxHeight > 1;
    // A storm churns the shallows grey-green; fair weather leaves them clear turquoise.
    const body = mixRgb(
      rough ? mixRgb(DEEP, hex('#3a4a48'), 0.5) : DEEP,
      rough ? hex('#5a7a70') : SHALLOW,
      Math.exp(-depthOfWater / 3) * 0.8,
    );
    let c = shade(palette, body, 0.6 + 0.4 * palette.sunDir.y, 0);
    c = mixRgb(c, shade(palette, WET_SAND, 0.7, 0), clear * 0.8);
    c = mixRgb(c, palette.skyHorizon, fresnel * 0.8);
    const glint = this.glint(fc, p, s.slopeX, s.slopeZ, toEye);
    c = mixRgb(c, palette.sun, glint);
    const lace = valueNoise2(this.seed + 3, p.x * 0.6, p.z * 0.6 - t * 0.4);
    const surf = this.breaker(d, t) * smoothstep(70, 25, d) * smoothstep(-4, 6, d);
    const edge = smoothstep(0.12, 0.0, depthOfWater);
    // Whitecaps on the crests offshore when the sea is up.
    const caps = rough
      ? smoothstep(this.water.maxHeight * 0.45, this.water.maxHeight * 0.75, s.height) * lace
      : 0;
    const foam = clamp(surf * (0.6 + lace) + edge * (0.5 + 0.6 * lace) + caps, 0, 1);
    c = mixRgb(c, shade(palette, FOAM, 0.9, 0), foam * 0.9);
    return mixRgb(c, palette.fog, fogAmount(palette, p.depth));
  }

  /** Sunlight glittering off the wave facets that tilt it toward the eye. */
  private glint(fc: FrameContext, p: GroundPoint, sx: number, sz: number, toEye: number): number {
    const { palette, view } = fc;
    if (!palette.sunVisible && !palette.night) return 0;
    const sun = palette.sunDir;
    const e = {
      x: (view.position.x - p.x) / toEye,
      y: (view.position.y - p.y) / toEye,
      z: (view.position.z - p.z) / toEye,
    };
    const hx = e.x + sun.x;
    const hy = e.y + sun.y;
    const hz = e.z + sun.z;
    const nl = Math.hypot(sx, 1, sz) * Math.hypot(hx, hy, hz);
    const ndh = (-sx * hx + hy - sz * hz) / nl;
    return Math.pow(Math.max(0, ndh), 300) * (palette.night ? 0.4 : 0.9) * palette.keyStrength;
  }

  /**
   * A line of footprints wandering from behind the camera down to the water's edge: a leading line
   * across the empty sand, and a sign someone was here.
   */
  private footprints(fc: FrameContext): Drawable[] {
    const start = { x: -2 + hash01(this.seed, 71) * 4, z: -2 };
    const out: Drawable[] = [];
    const color = css(shade(fc.palette, mixRgb(DRY_SAND, WET_SAND, 0.6), 0.2, 0), 0.35);
    for (let i = 0; i < 60; i++) {
      const z = start.z + i * 0.38;
      const x = start.x + 4 * Math.sin(z / 11 + this.phase) + (i % 2 ? 0.13 : -0.13);
      if (z - this.shoreZ(x) > -RUNUP - 4) break;
      const at = { x, y: this.ground(x, z) + 0.005, z };
      const depth = fc.view.depthOf(at);
      if (depth < 1) continue;
      // Sorted just beyond the print: over the sand band it lies in, under anyone standing on it.
      out.push({
        depth: depth * 1.05 + 1,
        draw: ({ ctx, view }) => {
          const p = view.project(at);
          if (!p) return;
          const w = 0.07 * p.scale;
          if (w < 0.4) return;
          ctx.fillStyle = color;
          ctx.beginPath();
          ctx.ellipse(
            p.x,
            p.y,
            w,
            Math.max(0.3, w * 2 * Math.abs(view.forward.y) + w * 0.25),
            0,
            0,
            Math.PI * 2,
          );
          ctx.fill();
        },
      });
    }
    return out;
  }

  /** Marram grass on the dry sand near the lens. */
  private grass(fc: FrameContext): Drawable[] {
    return scatter(fc.view, this.seed, 91, 6, 60, 0.2)
      .filter(({ x, z }) => z - this.shoreZ(x) < -14)
      .map(({ key, x, z }) => {
        const base = { x, y: this.cache.at(Math.round(x), Math.round(z)), z };
        return {
          depth: fc.view.depthOf(base),
          draw: (f: FrameContext) =>
            drawTuft(f, base, 0.5 + hash01(key, 4) * 0.4, key, MARRAM, 13, 1.4, 0.02),
        };
      });
  }
}
