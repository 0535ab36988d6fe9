/**
 * A forest path: a trail of packed earth winding away along +z between ranks of trunks that fade into
 * green haze, leaf litter and ferns on the floor, a canopy closing overhead, and when the sun is up,
 * shafts of light slanting down through the trees and flecks of sun on the ground, stirring as the
 * leaves move.
 *
 * Conventions: the floor is level at y = 0 around the origin (the director's stage), where the path
 * passes; trees keep clear of the path, of the camera and of every entity's way through the shot.
 */
import { createCanvas, type Canvas } from '../canvas.ts';
import type { Entity, Shot } from '../../plan/index.ts';
import { isAirborne } from '../../plan/motion.ts';
import { clamp, smoothstep } from '../../lib/math.ts';
import { hash01, rng } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fbm2 } from '../noise.ts';
import { fogAmount, shade } from '../palette.ts';
import { radialSprite } from '../sprites.ts';
import { rowBands } from '../surface-rows.ts';
import { groundLight, groundRows, HeightCache, type GroundPoint, type GroundRow } from './ground-rows.ts';
import { shotFootprint } from './footprint.ts';
import { straightLinePose } from './placement.ts';
import { drawTuft, scatter } from './props.ts';
import { drawSky } from './sky.ts';

const LITTER = hex('#5b4631');
const MOSS = hex('#465a2a');
const EARTH = hex('#a08866');
const BARK = hex('#4a3c30');
const LEAF = hex('#3f6a2c');
const FERN = hex('#2e4a1e');
const PATH_HALF_WIDTH = 1.3;
/** Foliage masses: how many shapes, their height over width, and how finely the fog is stepped. */
const FOLIAGE_VARIANTS = 6;
const FOLIAGE_ASPECT = 0.62;
const FOG_STEPS = 16;

interface Clearing {
  readonly x: number;
  readonly z: number;
}

export class ForestWorld implements World {
  private readonly cache: HeightCache;
  private readonly phase: number;
  private clear: Clearing[] | undefined;
  /**
   * The foliage sprites for the shot's light, by variant and fog step (memoised, built on demand).
   * Kept as canvases: Skia draws them as fast as decoded images, and skipping the PNG round trip
   * of toImage makes the hundred-odd fog steps cheap to build.
   */
  private foliage: { palette: object; tones: FoliageTones; images: Map<number, Canvas> } | undefined;

  constructor(
    private readonly seed: number,
    private readonly shot: Shot,
  ) {
    this.phase = hash01(seed, 61) * 6;
    this.cache = new HeightCache((x, z) => this.height(x, z));
  }

  pathX(z: number): number {
    return 2.6 * Math.sin(z / 17 + this.phase) + 1.6 * Math.sin(z / 41) - 2.6 * Math.sin(this.phase);
  }

  height(x: number, z: number): number {
    const rolling =
      1.4 * (fbm2(this.seed, x / 24, z / 24, 3) - 0.5) +
      12 * (fbm2(this.seed + 1, x / 220, z / 220, 3) - 0.45);
    return rolling * smoothstep(8, 40, Math.hypot(x, z - 8));
  }

  place(entity: Entity, t: number): Pose {
    const pose = straightLinePose(entity, t);
    if (isAirborne(entity.kind)) return pose;
    const { x, z } = pose.position;
    return { ...pose, position: { ...pose.position, y: this.height(x, z) + entity.position.y } };
  }

  /** Points the trees keep clear of: where the camera and every entity go during the shot. */
  private clearings(): Clearing[] {
    if (!this.clear) {
      const { camera, entities } = shotFootprint(this.shot, this.seed, (e, t) => this.place(e, t));
      this.clear = [...camera, ...entities];
    }
    return this.clear;
  }

  private treeAllowed(x: number, z: number): boolean {
    if (Math.abs(x - this.pathX(z)) < PATH_HALF_WIDTH + 1.4) return false;
    return this.clearings().every((c) => (c.x - x) ** 2 + (c.z - z) ** 2 > 3.2 * 3.2);
  }

  background(fc: FrameContext): void {
    drawSky(fc);
  }

  drawables(fc: FrameContext): Drawable[] {
    const rows = groundRows(
      fc,
      { height: (x, z) => this.height(x, z), color: (p, f) => this.color(p, f), far: 320, columns: 36 },
      this.cache,
    );
    return [
      ...rowBands(rows),
      ...this.path(rows),
      ...this.trees(fc),
      ...this.ferns(fc),
      ...this.shafts(fc),
      ...this.flecks(fc),
    ];
  }

  /**
   * The trail as a ribbon laid band by band on the ground rows (as the terrain lays its road), so a
   * rise in the floor still hides the stretch behind it, and its edges stay crisp at any distance.
   */
  private path(rows: readonly GroundRow[]): Drawable[] {
    const out: Drawable[] = [];
    for (let k = 0; k + 1 < rows.length; k++) {
      const far = rows[k]!;
      const near = rows[k + 1]!;
      if (far.z - near.z > 40 || far.depth > 160) continue;
      out.push({ depth: far.depth * 1.1 + 2 - 1e-3, draw: (f) => this.drawPath(f, near.z, far.z) });
    }
    return out;
  }

  private drawPath(fc: FrameContext, z0: number, z1: number): void {
    const { ctx, view, palette } = fc;
    const pieces = Math.max(1, Math.ceil((z1 - z0) / 1.5));
    const edge = (side: number) =>
      Array.from({ length: pieces + 1 }, (_, i) => {
        const z = z0 + ((z1 - z0) * (side > 0 ? i : pieces - i)) / pieces;
        // Worn edges: the trail's width wanders a little.
        const half = PATH_HALF_WIDTH * (0.85 + 0.3 * fbm2(this.seed + 3, z / 3, side, 2));
        const x = this.pathX(z) + side * half;
        return view.projectClamped({ x, y: this.cache.at(Math.round(x), Math.round(z)) + 0.02, z });
      });
    const pts = [...edge(-1).reverse(), ...edge(1).reverse()];
    const depth = Math.max(0, view.depthOf({ x: this.pathX(z0), y: 0, z: z0 }));
    const snow = fc.shot.weather === 'snow';
    const earth = snow ? mixRgb(EARTH, hex('#e8edf2'), 0.45) : EARTH;
    ctx.fillStyle = css(shade(palette, earth, 0.25, depth));
    ctx.beginPath();
    for (const p of pts) ctx.lineTo(p.x, p.y);
    ctx.closePath();
    ctx.fill();
  }

  /** How much direct sun reaches under the canopy: none at night or under a grey sky. */
  private sunThrough(fc: FrameContext): number {
    const { palette, shot } = fc;
    const sky = shot.weather === 'clear' || shot.weather === 'cloudy';
    return sky && palette.sunDir.y > 0.05 && !palette.night ? palette.keyStrength : 0;
  }

  private color(p: GroundPoint, fc: FrameContext): Rgb {
    const { palette } = fc;
    // Packed earth spreads a little beyond the trail's ribbon (see drawPath).
    const onPath = smoothstep(PATH_HALF_WIDTH + 1.5, PATH_HALF_WIDTH, Math.abs(p.x - this.pathX(p.z))) * 0.5;
    // Broad patches only: detail finer than the rows' spacing would streak along them.
    const patch = fbm2(this.seed + 4, p.x / 14, p.z / 14, 2);
    let albedo = mixRgb(LITTER, MOSS, smoothstep(0.45, 0.65, patch));
    albedo = mixRgb(albedo, EARTH, onPath);
    if (fc.shot.weather === 'snow') albedo = mixRgb(albedo, hex('#e8edf2'), 0.75 - onPath * 0.3);
    // Under the canopy the floor is lit by the green gloom; direct sun reaches it only in flecks.
    const light = 0.15 + groundLight(fc, p.hx, p.hz) * 0.2;
    return shade(palette, albedo, light, p.depth);
  }

  /**
   * One of the foliage masses, lit for this shot, with `fog` (quantised to FOG_STEPS) baked in, so a
   * mass costs one draw however misty the air is.
   */
  private foliageSprite(fc: FrameContext, variant: number, fog: number): Canvas {
    const { palette } = fc;
    if (this.foliage?.palette !== palette) {
      this.foliage = { palette, tones: this.foliageTones(fc), images: new Map() };
    }
    const { tones, images } = this.foliage;
    const level = Math.round(clamp(fog, 0, 1) * FOG_STEPS);
    const id = variant * (FOG_STEPS + 1) + level;
    let image = images.get(id);
    if (!image) {
      // Half the variants are mirror images of the others, so the shapes do not repeat visibly.
      const shape = variant % (FOLIAGE_VARIANTS / 2);
      const plainId = variant * (FOG_STEPS + 1);
      let plain = images.get(plainId);
      if (!plain) {
        plain = foliageMass(this.seed + shape * 7919, tones, variant !== shape);
        images.set(plainId, plain);
      }
      image = level === 0 ? plain : fogged(plain, palette.fog, level / FOG_STEPS);
      images.set(id, image);
    }
    return image;
  }

  private foliageTones(fc: FrameContext): FoliageTones {
    const { palette } = fc;
    const snow = fc.shot.weather === 'snow';
    const leaf = snow ? hex('#5f6e5c') : LEAF;
    const sun = this.sunThrough(fc);
    return {
      under: shade(palette, leaf, 0, 0),
      body: shade(palette, leaf, 0.15, 0),
      top: mixRgb(shade(palette, leaf, 0.35, 0), shade(palette, leaf, 0.85, 0), sun * 0.9),
      dusting: snow ? shade(palette, hex('#eef2f5'), 0.6, 0) : undefined,
    };
  }

  private trees(fc: FrameContext): Drawable[] {
    const { view } = fc;
    const out: Drawable[] = [];
    for (const { key, x, z } of scatter(view, this.seed, 63, 3.4, 100, 0.5)) {
      if (!this.treeAllowed(x, z)) continue;
      const base = { x, y: this.cache.at(Math.round(x), Math.round(z)) - 0.3, z };
      const depth = view.depthOf(base);
      const radius = 0.14 + Math.pow(hash01(key, 3), 2) * 0.38;
      out.push({ depth, draw: (f) => this.drawTrunk(f, base, radius, key) });
      // Crowns close to the lens would fill the frame with overdraw for little gain: near trees show
      // bare trunks, their crowns above the frame. Further off, each crown is a few overlapping
      // foliage masses stepping up the trunk; neighbouring crowns overlap into one canopy.
      if (depth > 9 && depth < 65) {
        // Far off one broad mass stands for the crown: the draws add up over so many trees.
        const masses = depth < 30 ? 2 + Math.round(hash01(key, 19)) : depth < 50 ? 2 : 1;
        const spread = masses === 1 ? 1.35 : 1;
        for (let k = 0; k < masses; k++) {
          const y = base.y + 5 + k * 3.2 + hash01(key, 20 + k) * 2.5;
          const off = (hash01(key, 30 + k) - 0.5) * 3.5;
          const mass = { x: x + off, y, z: z + (hash01(key, 40 + k) - 0.5) * 2 };
          // Lower masses spread wider, as boughs do.
          const size = (3.8 + hash01(key, 50 + k) * 2.6) * (1 - k * 0.12) * spread;
          out.push({
            depth: view.depthOf(mass) - 0.1 - k * 0.01,
            draw: (f) => this.drawFoliage(f, mass, size, key + k),
          });
        }
      }
    }
    return out;
  }

  private drawTrunk(
    fc: FrameContext,
    base: { x: number; y: number; z: number },
    radius: number,
    key: number,
  ): void {
    const { ctx, view, palette } = fc;
    const lean = (hash01(key, 5) - 0.5) * 0.6;
    const top = { x: base.x + lean, y: base.y + 26, z: base.z };
    const a = view.project(base);
    const b = view.project(top);
    if (!a || !b) return;
    const fog = fogAmount(palette, a.depth);
    if (fog > 0.985) return;
    const wBase = radius * a.scale * 1.3;
    const wTop = radius * b.scale * 0.55;
    // Lit on the side toward the sun, dark on the other, with a thin rim of sky light.
    const litRight = palette.sunDir.x * view.right.x + palette.sunDir.z * view.right.z > 0;
    const lit = mixRgb(shade(palette, BARK, 0.55 * this.sunThroughOr(fc, 0.35), 0), palette.fog, fog);
    const dark = mixRgb(shade(palette, BARK, 0, 0), palette.fog, fog);
    const g = ctx.createLinearGradient(a.x - wBase, 0, a.x + wBase, 0);
    g.addColorStop(0, css(litRight ? dark : lit));
    g.addColorStop(0.55, css(mixRgb(lit, dark, 0.5)));
    g.addColorStop(1, css(litRight ? lit : dark));
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.moveTo(a.x - wBase * 1.25, a.y + 2);
    ctx.quadraticCurveTo(a.x - wBase, a.y - wBase * 0.8, a.x - wBase, a.y - wBase * 1.5);
    ctx.lineTo(b.x - wTop, b.y);
    ctx.lineTo(b.x + wTop, b.y);
    ctx.lineTo(a.x + wBase, a.y - wBase * 1.5);
    ctx.quadraticCurveTo(a.x + wBase, a.y - wBase * 0.8, a.x + wBase * 1.25, a.y + 2);
    ctx.closePath();
    ctx.fill();
  }

  private sunThroughOr(fc: FrameContext, floor: number): number {
    return Math.max(floor, this.sunThrough(fc));
  }

  private drawFoliage(
    fc: FrameContext,
    at: { x: number; y: number; z: number },
    size: number,
    key: number,
  ): void {
    const { ctx, view, palette, t, width, height } = fc;
    const sway = Math.sin(t * 0.9 + hash01(key, 9) * 6) * 0.15;
    const p = view.project({ ...at, x: at.x + sway });
    if (!p) return;
    const w = size * p.scale;
    const h = w * FOLIAGE_ASPECT;
    const left = p.x - w / 2;
    const top = p.y - h / 2;
    if (left > width || left + w < 0 || top > height || top + h < 0) return;
    const sprite = this.foliageSprite(
      fc,
      Math.floor(hash01(key, 8) * FOLIAGE_VARIANTS),
      fogAmount(palette, p.depth),
    );
    ctx.drawImage(sprite, left, top, w, h);
  }

  private ferns(fc: FrameContext): Drawable[] {
    // Under snow the fronds are bowed and white-dusted.
    const fern = fc.shot.weather === 'snow' ? mixRgb(FERN, hex('#dfe6ea'), 0.55) : FERN;
    return scatter(fc.view, this.seed, 67, 3, 36, 0.45)
      .filter(({ x, z }) => Math.abs(x - this.pathX(z)) > PATH_HALF_WIDTH + 0.3)
      .filter(({ x, z }) => fc.view.depthOf({ x, y: 0, z }) > 2.5)
      .map(({ key, x, z }) => {
        const base = { x, y: this.cache.at(Math.round(x), Math.round(z)), z };
        const size = 0.45 + hash01(key, 4) * 0.6;
        return {
          depth: fc.view.depthOf(base),
          draw: (f: FrameContext) => drawTuft(f, base, size, key, fern, 9, 2.6, 0.05),
        };
      });
  }

  /**
   * Flecks of sun on the floor where the canopy lets it through: soft pools on a jittered grid that
   * drift and breathe as the leaves above sway.
   */
  private flecks(fc: FrameContext): Drawable[] {
    const lit = this.sunThrough(fc);
    if (lit <= 0.1) return [];
    const { palette } = fc;
    const warm = mixRgb(palette.sun, hex('#fff0c8'), 0.3);
    const pool = fc.sprites.get(`forest-fleck-${css(warm)}`, () => radialSprite(64, warm, 1.4));
    return scatter(fc.view, this.seed, 71, 2.5, 45, 0.35).map(({ key, x, z }) => {
      const base = { x, y: this.cache.at(Math.round(x), Math.round(z)) + 0.02, z };
      return {
        depth: fc.view.depthOf(base) + 0.5,
        draw: ({ ctx, view, t }: FrameContext) => {
          const drift = Math.sin(t * 0.6 + hash01(key, 3) * 6) * 0.25;
          const p = view.project({ ...base, x: base.x + drift });
          if (!p) return;
          const w = (0.6 + hash01(key, 4) * 1.4) * p.scale;
          const flicker = 0.6 + 0.4 * Math.sin(t * 1.3 + hash01(key, 5) * 6);
          ctx.globalCompositeOperation = 'lighter';
          ctx.globalAlpha = clamp(0.4 * lit * flicker * (1 - fogAmount(palette, p.depth)), 0, 1);
          ctx.drawImage(pool, p.x - w, p.y - w * 0.25, w * 2, w * 0.5);
          ctx.globalAlpha = 1;
          ctx.globalCompositeOperation = 'source-over';
        },
      };
    });
  }

  /**
   * Shafts of sunlight slanting down between the trunks, anchored to spots on the floor so they keep
   * their place as the camera moves, breathing slowly as the canopy shifts.
   */
  private shafts(fc: FrameContext): Drawable[] {
    const lit = this.sunThrough(fc) * (1 - clamp(fc.shot.atmosphere.fog, 0, 0.6));
    if (lit <= 0.1) return [];
    const { view, palette } = fc;
    const random = rng(this.seed, 'shafts');
    const out: Drawable[] = [];
    const sun = palette.sunDir;
    for (let i = 0; i < 7; i++) {
      const ahead = 10 + random() * 40;
      const side = (random() - 0.5) * view.halfWidthAt(ahead) * 1.8;
      const spot = {
        x: view.position.x + Math.round((view.forward.x * ahead + view.right.x * side) / 4) * 4,
        y: 0,
        z: view.position.z + Math.round((view.forward.z * ahead + view.right.z * side) / 4) * 4,
      };
      const width = 0.8 + random() * 1.6;
      const phase = random() * 6;
      const top = { x: spot.x + sun.x * 40, y: spot.y + Math.max(0.3, sun.y) * 40, z: spot.z + sun.z * 40 };
      out.push({
        depth: view.depthOf(spot),
        draw: ({ ctx, t }) => {
          const a = view.project(spot);
          const b = view.project(top);
          if (!a || !b) return;
          const breathe = 0.6 + 0.4 * Math.sin(t * 0.4 + phase);
          const g = ctx.createLinearGradient(a.x, a.y, b.x, b.y);
          const c = mixRgb(palette.sun, hex('#fff4d8'), 0.4);
          g.addColorStop(0, css(c, 0));
          g.addColorStop(0.25, css(c, 0.16 * lit * breathe));
          g.addColorStop(1, css(c, 0));
          const wa = width * a.scale * 0.6;
          const wb = width * 2.5 * b.scale;
          ctx.globalCompositeOperation = 'lighter';
          ctx.fillStyle = g;
          ctx.beginPath();
          ctx.moveTo(a.x - wa, a.y);
          ctx.lineTo(a.x + wa, a.y);
          ctx.lineTo(b.x + wb, b.y);
          ctx.lineTo(b.x - wb, b.y);
          ctx.closePath();
          ctx.fill();
          ctx.globalCompositeOperation = 'source-over';
        },
      });
    }
    return out;
  }
}

interface FoliageTones {
  /** The shaded undersides of the leaf clusters, seen from below. */
  readonly under: Rgb;
  readonly body: Rgb;
  /** The crowns of the clusters, catching whatever light comes through. */
  readonly top: Rgb;
  /** Snow lying on the tops, when there is snow. */
  readonly dusting: Rgb | undefined;
}

/**
 * A foliage mass as seen from the forest floor: five to seven clusters of leaf dabs overlapping
 * back to front, each dark underneath and lighter on top, with ragged edges and a few holes where
 * the sky shows through. Pre-rendered once per variant and light.
 */
function foliageMass(seed: number, tones: FoliageTones, mirrored: boolean): Canvas {
  const w = 320;
  const h = Math.round(w * FOLIAGE_ASPECT);
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  if (mirrored) g.setTransform(-1, 0, 0, 1, w, 0);
  const random = rng(seed, 'foliage-mass');
  const count = 5 + Math.floor(random() * 3);
  const clusters = Array.from({ length: count }, (_, i) => {
    // Spread along a low dome: clusters at the sides sit lower than the middle ones.
    const u = count === 1 ? 0.5 : i / (count - 1);
    const x = w * (0.2 + 0.6 * u + (random() - 0.5) * 0.12);
    const y = h * (0.58 - 0.22 * Math.sin(u * Math.PI) + (random() - 0.5) * 0.14);
    const rx = w * (0.13 + random() * 0.07);
    return { x, y, rx, ry: rx * (0.7 + random() * 0.25) };
  });
  // Back (higher) clusters first, so the lower ones overlap them with their dark undersides.
  clusters.sort((a, b) => a.y - b.y);
  for (const k of clusters) {
    // A dark core so the cluster reads as a solid mass, then leaves over it, shading from the
    // underside to the lit top.
    g.fillStyle = css(scaleRgb(tones.under, 0.9));
    g.beginPath();
    g.ellipse(k.x, k.y + k.ry * 0.1, k.rx * 0.78, k.ry * 0.72, 0, 0, Math.PI * 2);
    g.fill();
    for (let i = 0; i < 150; i++) {
      const a = random() * Math.PI * 2;
      const r = Math.sqrt(random());
      const x = k.x + Math.cos(a) * r * k.rx;
      const y = k.y + Math.sin(a) * r * k.ry;
      const up = clamp(0.5 - ((y - k.y) / k.ry) * 0.6 + (random() - 0.5) * 0.5, 0, 1);
      const tone =
        up < 0.5 ? mixRgb(tones.under, tones.body, up * 2) : mixRgb(tones.body, tones.top, up * 2 - 1);
      const snowy = tones.dusting && up > 0.8 && random() < 0.6;
      g.fillStyle = css(scaleRgb(snowy ? tones.dusting! : tone, 0.85 + random() * 0.3));
      g.beginPath();
      g.ellipse(x, y, 4 + random() * 6, 2.5 + random() * 3.5, random() * Math.PI, 0, Math.PI * 2);
      g.fill();
    }
  }
  // Gaps in the leaves where the sky shows through.
  g.globalCompositeOperation = 'destination-out';
  for (let i = 0; i < 9; i++) {
    const k = clusters[Math.floor(random() * clusters.length)]!;
    const a = random() * Math.PI * 2;
    const x = k.x + Math.cos(a) * k.rx * 0.85;
    const y = k.y + Math.sin(a) * k.ry * 0.85;
    g.beginPath();
    g.ellipse(x, y, 3 + random() * 6, 2 + random() * 4, random() * Math.PI, 0, Math.PI * 2);
    g.fill();
  }
  return c;
}

/** `image` with its colour pulled toward the fog by `amount`, its alpha kept. */
function fogged(image: Canvas, fog: Rgb, amount: number): Canvas {
  const c = createCanvas(image.width, image.height);
  const g = c.getContext('2d');
  g.drawImage(image, 0, 0);
  g.globalCompositeOperation = 'source-atop';
  g.fillStyle = css(fog, amount);
  g.fillRect(0, 0, c.width, c.height);
  return c;
}
