/**
 * A sand sea: ranks of transverse dunes (a long windward slope, a crest, a steep slip face) whose
 * crests run across the view and recede in layers to flat-topped mesas in the dust haze, with
 * stones and dry scrub near the lens for scale. Sand blows off the ground (see weather.ts).
 *
 * Conventions: like the terrain worlds, the sand settles to a level stage around the origin, where
 * the director puts people and animals with the camera at eye height above y = 0.
 */
import type { Entity } from '../../plan/index.ts';
import { isAirborne } from '../../plan/motion.ts';
import { clamp, smoothstep } from '../../lib/math.ts';
import { hash01 } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fbm2 } from '../noise.ts';
import { shade } from '../palette.ts';
import { rowBands } from '../surface-rows.ts';
import { groundLight, groundRows, HeightCache, type GroundPoint } from './ground-rows.ts';
import { straightLinePose } from './placement.ts';
import { drawStone, drawTuft, groundShadow, scatter } from './props.ts';
import { drawSky } from './sky.ts';

const SAND = hex('#b0865a');
const SAND_PALE = hex('#c09a70');
const ROCK = hex('#9a5a3a');
const ROCK_DARK = hex('#6b3d2a');
const STONE = hex('#8a6a50');
const DRY_SCRUB = hex('#6b5a3c');

/** One rank of dunes: the profile's phase runs along the wind, so crests lie across it. */
interface DuneRank {
  readonly wavelength: number;
  readonly amplitude: number;
  readonly sin: number;
  readonly cos: number;
  readonly seed: number;
}

export class DesertWorld implements World {
  private readonly cache: HeightCache;
  private readonly ranks: DuneRank[];

  constructor(private readonly seed: number) {
    // Crests run diagonally across the view, so a low sun from either side lights one face of each
    // dune and leaves the other in shade.
    const angle = (hash01(seed, 41) < 0.5 ? -1 : 1) * (0.55 + 0.3 * hash01(seed, 42));
    this.ranks = [
      { wavelength: 170, amplitude: 26, angle, key: 1 },
      { wavelength: 48, amplitude: 3.5, angle: angle + 0.5, key: 2 },
    ].map((r) => ({
      wavelength: r.wavelength,
      amplitude: r.amplitude,
      sin: Math.sin(r.angle),
      cos: Math.cos(r.angle),
      seed: seed + r.key * 101,
    }));
    this.cache = new HeightCache((x, z) => this.height(x, z));
  }

  /** 0 on the level stage around the origin, 1 out in the dunes. */
  private stage(x: number, z: number): number {
    return smoothstep(10, 70, Math.hypot(x, z - 12));
  }

  private dunes(x: number, z: number): number {
    let h = 0;
    for (const r of this.ranks) {
      const warp = 0.9 * fbm2(r.seed, x / 520, z / 520, 3);
      const u = (x * r.sin + z * r.cos) / r.wavelength + warp;
      // Phase runs against the wind toward the camera: the steep slip faces look back at the lens.
      const f = Math.ceil(u) - u;
      // Windward slope over most of the period, a sharp crest, then the slip face at the angle of repose.
      const profile = f < 0.76 ? Math.pow(f / 0.76, 1.5) : Math.pow((1 - f) / 0.24, 1.3);
      const size = 0.35 + 0.9 * fbm2(r.seed + 7, x / 900, z / 900, 2);
      h += r.amplitude * size * profile;
    }
    return h + 14 * fbm2(this.seed + 3, x / 1600, z / 1600, 3);
  }

  /** Flat-topped mesas far off, on the edge of the sand sea. */
  private mesa(x: number, z: number): number {
    const distance = Math.hypot(x, z);
    if (distance < 1500) return 0;
    const m = fbm2(this.seed + 17, x / 1300, z / 1300, 4);
    return (
      260 * smoothstep(0.52, 0.56, m) * smoothstep(1500, 3200, distance) * (0.8 + 0.2 * Math.sin(z / 400))
    );
  }

  height(x: number, z: number): number {
    // The stage is a broad dune top: the sand sea falls away around it, so an eye-level camera looks
    // out over crest after crest instead of into the flank of the nearest dune.
    return (this.dunes(x, z) - 16) * this.stage(x, z) + this.mesa(x, z);
  }

  place(entity: Entity, t: number): Pose {
    const pose = straightLinePose(entity, t);
    if (isAirborne(entity.kind)) return pose;
    const { x, z } = pose.position;
    return { ...pose, position: { ...pose.position, y: this.height(x, z) + entity.position.y } };
  }

  background(fc: FrameContext): void {
    drawSky(fc);
  }

  drawables(fc: FrameContext): Drawable[] {
    const rows = groundRows(
      fc,
      {
        height: (x, z) => this.height(x, z),
        color: (p, f) => this.color(p, f),
        far: 7000,
        columns: 40,
      },
      this.cache,
    );
    return [...rowBands(rows), ...this.ripples(fc), ...this.scrub(fc)];
  }

  private color(p: GroundPoint, fc: FrameContext): Rgb {
    const slope = Math.hypot(p.hx, p.hz);
    const mottle = fbm2(this.seed + 29, p.x / 40, p.z / 40, 2);
    let albedo = mixRgb(SAND, SAND_PALE, clamp(mottle * 1.4 - 0.35, 0, 1));
    const rock = this.mesa(p.x, p.z);
    if (rock > 8) {
      // Layered sandstone: bands of darker and redder rock up the cliffs.
      const strata = 0.5 + 0.5 * Math.sin(p.ground / 9 + fbm2(this.seed, p.x / 200, p.z / 200, 2) * 3);
      albedo = mixRgb(ROCK, ROCK_DARK, strata * 0.6 + smoothstep(0.8, 2, slope) * 0.3);
    }
    // Light raked across the sand: steep slip faces away from the sun fall into shadow.
    const light = groundLight(fc, p.hx, p.hz, 0.25);
    return shade(fc.palette, albedo, light, p.depth);
  }

  /**
   * Wind ripples in the sand near the lens, lines across the wind a hand's breadth apart: the finest
   * scale of the desert, and it shows which way the wind blows.
   */
  private ripples(fc: FrameContext): Drawable[] {
    const { view, palette } = fc;
    const wind = this.ranks[0]!;
    const across = { x: wind.cos, z: -wind.sin };
    const spacing = 0.7;
    const u0 = view.position.x * wind.sin + view.position.z * wind.cos;
    const color = css(shade(palette, mixRgb(SAND, hex('#000000'), 0.25), 0.3, 0), 0.22);
    const out: Drawable[] = [];
    for (let k = 2; k < 40; k++) {
      const u = Math.floor(u0 / spacing) * spacing + k * spacing;
      const centre = { x: view.position.x + (u - u0) * wind.sin, z: view.position.z + (u - u0) * wind.cos };
      const depth = view.depthOf({ ...centre, y: 0 });
      if (depth < 1.5) continue;
      out.push({
        depth: depth * 1.05 + 1,
        draw: ({ ctx, view: v, unit }) => {
          ctx.strokeStyle = color;
          ctx.lineWidth = Math.max(1, 1.4 * unit);
          ctx.beginPath();
          let started = false;
          for (let i = -16; i <= 16; i++) {
            const s = i * 1.2;
            const wobble = 0.12 * Math.sin(s * 0.9 + k * 1.7);
            const x = centre.x + across.x * s + wind.sin * wobble;
            const z = centre.z + across.z * s + wind.cos * wobble;
            const p = v.project({ x, y: this.cache.at(Math.round(x), Math.round(z)) + 0.01, z });
            if (!p || p.depth < 1) {
              started = false;
              continue;
            }
            if (started) ctx.lineTo(p.x, p.y);
            else ctx.moveTo(p.x, p.y);
            started = true;
          }
          ctx.stroke();
        },
      });
    }
    return out;
  }

  /** Stones and dry scrub near the lens, each with its shadow: scale and texture in the foreground. */
  private scrub(fc: FrameContext): Drawable[] {
    return scatter(fc.view, this.seed, 77, 7, 90, 0.14).map(({ key, x, z }) => {
      const base = { x, y: this.cache.at(Math.round(x), Math.round(z)), z };
      const shrub = hash01(key, 3) < 0.45;
      const size = shrub ? 0.4 + hash01(key, 4) * 0.5 : 0.15 + Math.pow(hash01(key, 4), 3) * 0.9;
      return {
        depth: fc.view.depthOf(base),
        draw: (f: FrameContext) => {
          groundShadow(f, base, size, SAND);
          if (shrub) drawTuft(f, base, size, key, DRY_SCRUB);
          else drawStone(f, base, size, key, STONE);
        },
      };
    });
  }
}
