/**
 * Landscapes from a seeded height field: mountain ranges with a river valley (drone shots), rolling
 * countryside, the savanna (dry golden grass, lone flat-topped acacias, a far escarpment), and a road
 * winding along a mountainside (a cliff above it, a valley below it).
 *
 * Conventions: y is height in metres; the camera flies roughly along +z. For `mountain-road`, the
 * road's centre line is x = roadX(z) at height roadY(z), and a ground entity's plan position is
 * (lateral offset from the centre line, –, distance along the road).
 */
import type { Entity } from '../../plan/index.ts';
import { clamp, smoothstep } from '../../lib/math.ts';
import { hash01, mix, rng } from '../../lib/random.ts';
import { isAirborne, motionDistanceAt } from '../../plan/motion.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fbm2, ridged2 } from '../noise.ts';
import { fogAmount, shade } from '../palette.ts';
import { puffSprite } from '../sprites.ts';
import { rowBands, screenSpacedDepths, type Row } from '../surface-rows.ts';
import { drawSky } from './sky.ts';
import { straightLinePose } from './placement.ts';
import { add, scale, type V3 } from '../vec.ts';
import {
  type SitedSign,
  boardCorners,
  boardVeil,
  drawBoard,
  drawPole,
  fillQuad,
  siteShotSigns,
} from '../text/signboard.ts';

export type TerrainKind = 'mountains' | 'countryside' | 'savanna' | 'mountain-road';

const GRASS = hex('#4a6a2c');
/** Savanna grass at the end of the dry season, and the olive of its greener hollows. */
const DRY_GRASS = hex('#a99459');
const OLIVE = hex('#76743f');
const FOREST = hex('#22391f');
const ROCK = hex('#6f665c');
const SNOW = hex('#eef1f5');
const RIVER = hex('#2f4f63');
const ASPHALT = hex('#3a3b3d');
const ROAD_HALF_WIDTH = 3.6;
/** What drives or walks along the mountain road; everything else is placed freely on the terrain. */
const ROAD_USERS: ReadonlySet<Entity['kind']> = new Set([
  'suv',
  'car',
  'truck',
  'bicycle',
  'person',
  // Animals ridden or driven along it keep to the road too.
  'horse',
  'cow',
  'sheep',
  'goat',
  'dog',
]);

interface Profile {
  readonly far: number;
  readonly columns: number;
  readonly snowline: number;
  readonly waterLevel: number;
}

const PROFILES: Record<TerrainKind, Profile> = {
  mountains: { far: 9000, columns: 40, snowline: 640, waterLevel: 60 },
  countryside: { far: 5000, columns: 36, snowline: 1e9, waterLevel: 4 },
  savanna: { far: 6000, columns: 36, snowline: 1e9, waterLevel: -1e9 },
  'mountain-road': { far: 4000, columns: 36, snowline: 1100, waterLevel: -1e9 },
};

export class TerrainWorld implements World {
  private readonly profile: Profile;
  private readonly clouds: { x: number; y: number; z: number; w: number; speed: number }[];

  constructor(
    private readonly seed: number,
    readonly kind: TerrainKind,
  ) {
    this.profile = PROFILES[kind];
    const random = rng(seed, 'clouds');
    this.clouds = Array.from({ length: kind === 'mountains' ? 14 : 8 }, () => ({
      x: (random() - 0.5) * 6000,
      y: kind === 'mountains' ? 600 + random() * 350 : 900 + random() * 600,
      z: 600 + random() * 7000,
      w: 500 + random() * 900,
      speed: 4 + random() * 6,
    }));
  }

  // --- geometry -----------------------------------------------------------------------------

  riverX(z: number): number {
    return 160 * Math.sin(z / 1900) + 60 * Math.sin(z / 700);
  }

  roadX(z: number): number {
    return 46 * Math.sin(z / 230) + 17 * Math.sin(z / 91 + 1.3);
  }

  roadY(z: number): number {
    return 0.05 * z + 5 * Math.sin(z / 170);
  }

  private readonly heights = new Map<string, number>();

  /**
   * Height at a grid point, memoised: rows and columns sit on power-of-two world grids, so
   * consecutive frames sample mostly the same points. Bounded so long renders do not grow memory.
   */
  private gridHeight(x: number, z: number): number {
    const key = `${x},${z}`;
    let h = this.heights.get(key);
    if (h === undefined) {
      if (this.heights.size > 400_000) this.heights.clear();
      h = this.height(x, z);
      this.heights.set(key, h);
    }
    return h;
  }

  /**
   * Ground height at (x, z). Around the stage at the origin (where the director puts people and
   * animals, with the camera at eye height above y = 0) the land settles to a level meadow, and
   * rises into hills and ranges beyond it.
   */
  height(x: number, z: number): number {
    if (this.kind === 'mountain-road') return this.landHeight(x, z);
    return this.landHeight(x, z) * this.stageBlend(x, z);
  }

  groundHeight(x: number, z: number): number {
    return this.height(x, z);
  }

  /** 0 on the level stage around the origin, 1 out in the open land. */
  private stageBlend(x: number, z: number): number {
    return this.kind === 'mountain-road' ? 1 : smoothstep(35, 260, Math.hypot(x, z - 15));
  }

  /** Water lies in the low land, never on the stage (which is level at y = 0, below the water line). */
  private isWater(x: number, z: number, h: number): boolean {
    return h < this.profile.waterLevel && this.stageBlend(x, z) > 0.98;
  }

  private landHeight(x: number, z: number): number {
    const s = this.seed;
    switch (this.kind) {
      case 'mountains': {
        const valleyX = this.riverX(z);
        const across = Math.abs(x - valleyX);
        const valley = smoothstep(120, 1100, across);
        const peaks = 1150 * Math.pow(ridged2(s, x / 2600, z / 2600, 6), 1.35);
        const detail = 70 * fbm2(s + 3, x / 300, z / 300, 3);
        // The river: a channel cut below the water line along the valley floor, a leading line for the eye.
        const channel = 130 * (1 - smoothstep(30, 220, across));
        return peaks * (0.1 + 0.9 * valley) + detail * (0.3 + valley) + 45 - channel;
      }
      case 'countryside': {
        const hills = 140 * fbm2(s, x / 1400, z / 1400, 5);
        const far =
          500 *
          Math.pow(ridged2(s + 9, x / 3000, z / 3000, 4), 2) *
          smoothstep(1500, 4000, Math.hypot(x, z - 1500));
        return hills + far;
      }
      case 'savanna': {
        // Nearly flat plains, long low swells, and a flat-topped escarpment on the horizon.
        const swells = 45 * fbm2(s, x / 1800, z / 1800, 4);
        const mesa = smoothstep(0.45, 0.6, fbm2(s + 21, x / 2500, z / 2500, 3));
        return swells + 260 * mesa * smoothstep(2500, 4500, Math.hypot(x, z - 1500));
      }
      case 'mountain-road': {
        const d = x - this.roadX(z);
        const base = this.roadY(z);
        const noise = fbm2(s, x / 90, z / 90, 4);
        if (d < 0) {
          // Uphill: a rocky cutting, then the mountainside.
          const a = -d - ROAD_HALF_WIDTH - 1.5;
          return (
            base +
            (a > 0 ? a * (0.9 + noise * 0.6) + a * a * 0.002 : 0) +
            (a > 0 ? noise * 6 * smoothstep(0, 20, a) : 0)
          );
        }
        // Downhill: the slope falls to a valley floor, with another range beyond it.
        const a = d - ROAD_HALF_WIDTH - 2.5;
        const drop = a > 0 ? Math.min(a * 0.75, 260) : 0;
        const range = 900 * Math.pow(ridged2(s + 5, x / 1800, z / 1800, 5), 1.4) * smoothstep(350, 1200, a);
        return base - drop + (a > 0 ? noise * 10 * smoothstep(0, 30, a) : 0) + range;
      }
    }
  }

  // --- placement -----------------------------------------------------------------------------

  place(entity: Entity, t: number): Pose {
    if (this.kind !== 'mountain-road' || !ROAD_USERS.has(entity.kind)) {
      const pose = straightLinePose(entity, t);
      // Things that fly keep their altitude above the sea-level datum; everything else stands on the ground.
      if (isAirborne(entity.kind)) return pose;
      return {
        ...pose,
        position: { ...pose.position, y: this.height(pose.position.x, pose.position.z) + entity.position.y },
      };
    }
    const s = entity.position.z + motionDistanceAt(entity.motion, t);
    const z = s; // The road runs mostly along +z; distance along it ≈ z for these gentle curves.
    const ahead = z + 2;
    const heading = Math.atan2(this.roadX(ahead) - this.roadX(z - 2), 4);
    return {
      position: {
        x: this.roadX(z) + entity.position.x * Math.cos(heading),
        y: this.roadY(z),
        z: z - entity.position.x * Math.sin(heading),
      },
      heading,
    };
  }

  // --- drawing ------------------------------------------------------------------------------

  background(fc: FrameContext): void {
    drawSky(fc);
  }

  drawables(fc: FrameContext): Drawable[] {
    const rows = this.rows(fc);
    const signs = this.signDrawables(fc);
    return [
      ...rowBands(rows),
      ...this.ribbons(fc, rows),
      ...this.cloudDrawables(fc),
      ...this.trees(fc),
      ...signs,
    ];
  }

  private signs: SitedSign[] | undefined;

  /**
   * The shot's sign texts as wooden signboards on two posts, stood where the camera sees them at
   * mid-shot (see siteSign). Sited once per shot from the plan alone, so every frame agrees.
   */
  private signSites(fc: FrameContext): SitedSign[] {
    this.signs ??= siteShotSigns({
      shot: fc.shot,
      seed: this.seed,
      width: fc.width,
      height: fc.height,
      look: 'wood',
      placeEntity: (e, time) => this.place(e, time),
      ground: (x, z) => this.height(x, z),
    });
    return this.signs;
  }

  private signDrawables(fc: FrameContext): Drawable[] {
    return this.signSites(fc).map(({ site, board }) => ({
      depth: fc.view.depthOf(site.foot),
      draw: ({ ctx, view, palette }: FrameContext) => {
        const depth = view.depthOf(site.foot);
        if (depth < view.near) return;
        const corners = boardCorners(site);
        const fog = fogAmount(palette, depth);
        const post = css(mixRgb(shade(palette, hex('#3a2615'), 0.4, 0), palette.fog, fog));
        const postW = Math.max(0.08, site.height * 0.09);
        for (const u of [-0.36, 0.36]) {
          const base = add(site.foot, scale(site.across, site.width * u));
          drawPole(
            ctx,
            view,
            { ...base, y: base.y - 0.3 },
            add(base, { x: 0, y: site.lift + site.height * 0.98, z: 0 }),
            postW,
            post,
          );
        }
        if (!drawBoard(ctx, view, corners, board.image)) return;
        const veil = boardVeil(palette, depth);
        if (veil.alpha > 0.01) {
          ctx.globalAlpha = veil.alpha;
          fillQuad(ctx, view, corners, veil.color);
          ctx.globalAlpha = 1;
        }
      },
    }));
  }

  private albedo(x: number, z: number, h: number, slope: number, snowing: boolean): Rgb {
    // While it snows, snow lies down to the valley floor, in drifts the grass shows through.
    const snowline = snowing ? Math.min(this.profile.snowline, -40) : this.profile.snowline;
    const patch = fbm2(this.seed + 11, x / 60, z / 60, 3);
    if (this.kind === 'savanna') {
      const dry = mixRgb(DRY_GRASS, OLIVE, clamp(patch * 1.4 - 0.35, 0, 0.8));
      return mixRgb(dry, ROCK, smoothstep(0.45, 0.9, slope) * 0.8);
    }
    const treeline = this.kind === 'mountains' ? 520 : 1e9;
    let c = mixRgb(
      GRASS,
      FOREST,
      clamp(patch * 1.6 - 0.3, 0, 1) * (1 - smoothstep(treeline - 120, treeline + 80, h)),
    );
    c = mixRgb(c, ROCK, smoothstep(0.55, 1.1, slope) * 0.85 + smoothstep(treeline, treeline + 200, h) * 0.6);
    c = mixRgb(
      c,
      SNOW,
      smoothstep(snowline - 60, snowline + 120, h + patch * 120) * (1 - smoothstep(1.0, 1.8, slope) * 0.7),
    );
    return c;
  }

  private rows(fc: FrameContext): (Row & { z: number })[] {
    const { view, palette } = fc;
    const { far, columns, waterLevel } = this.profile;
    const sun = palette.sunDir;
    const snowing = fc.shot.weather === 'snow';
    const rows: (Row & { z: number })[] = [];
    let lastZ = Infinity;
    const fwd = Math.hypot(view.forward.x, view.forward.z) || 1;
    const ground = this.gridHeight(Math.round(view.position.x), Math.round(view.position.z));
    // Ground starts just in front of the lens for a camera at eye height, further out for a drone.
    const heightAbove = view.position.y - ground;
    const near = this.kind === 'mountain-road' ? 2.5 : Math.min(200, Math.max(0.6, heightAbove * 0.25));
    const depths = screenSpacedDepths(
      near,
      far,
      view.focal,
      view.position.y - ground,
      Math.max(3, 7 * fc.unit),
    );
    for (let i = 0; i < depths.length; i++) {
      const d = depths[i]!;
      const gap = d - (depths[i + 1] ?? d * 0.95);
      // Rows sit on a world grid (spacing a power of two near d/rows·4) so terrain does not shimmer.
      const spacing = Math.pow(2, Math.round(Math.log2(Math.max(0.25, gap))));
      const z = Math.ceil((view.position.z + (d * view.forward.z) / fwd) / spacing) * spacing;
      if (z >= lastZ) continue;
      lastZ = z;
      // The row's distance from the lens, not along the ground: seen from above (a drone) ground a few
      // metres ahead is tens of metres away. That sets how wide the frame is there (its bottom corners
      // reach that far to the sides) and how the row sorts against whatever stands on it.
      const slant = view.depthOf({ x: view.position.x + (d * view.forward.x) / fwd, y: ground, z });
      // Wide enough to cover the frame under a little roll, but no wider: points far to the side of a
      // near row fall behind the lens, where projection has no meaning.
      const half = view.halfWidthAt(Math.max(d, slant)) * 1.4 + Math.min(20, d * 0.3);
      const step = Math.pow(2, Math.ceil(Math.log2((2 * half) / columns)));
      const x0 = Math.floor((view.position.x + (d * view.forward.x) / fwd - half) / step) * step;
      const points = [];
      for (let x = x0; x <= x0 + 2 * half + step; x += step) {
        const h = this.gridHeight(x, z);
        const hx = (this.gridHeight(x + step, z) - this.gridHeight(x - step, z)) / (2 * step);
        const hz = (this.gridHeight(x, z + spacing) - this.gridHeight(x, z - spacing)) / (2 * spacing);
        const slope = Math.hypot(hx, hz);
        let color: Rgb;
        const water = this.isWater(x, z, h);
        const p0 = view.project({ x, y: water ? waterLevel : h, z });
        // Ends of a row that swing round beside the lens (a turned camera) project far off screen and
        // only cost rasterisation: keep points at a sensible fraction of the row's depth.
        if (!p0 || p0.depth < d * 0.3) continue;
        if (water) {
          // Under the river ribbon: wet dark banks (the water itself is drawn as a ribbon on top).
          color = shade(palette, hex('#2f3a2a'), 0.3, p0.depth);
        } else {
          const nl = Math.sqrt(hx * hx + 1 + hz * hz);
          // Wrapped lighting: a low sun still lights level ground, as sky and bounce light do.
          const ndl = ((-hx * sun.x + sun.y - hz * sun.z) / nl + 0.35) / 1.35;
          color = shade(palette, this.albedo(x, z, h, slope, snowing), ndl, p0.depth);
        }
        points.push({ x: p0.x, y: p0.y, color });
      }
      if (points.length < 2) continue;
      rows.push({ depth: slant, points, z });
    }
    return rows;
  }

  private cloudDrawables(fc: FrameContext): Drawable[] {
    if (fc.shot.weather === 'fog') return [];
    const sprite = fc.sprites.get('cloud', () =>
      puffSprite(512, 256, hex('#ffffff'), rng(this.seed, 'cloud')),
    );
    return this.clouds.map((c) => {
      const centre = { x: c.x + c.speed * fc.t, y: c.y, z: c.z };
      return {
        depth: fc.view.depthOf(centre),
        draw: ({ ctx, view, palette }: FrameContext) => {
          const p = view.project(centre);
          if (!p) return;
          const w = c.w * p.scale;
          ctx.globalAlpha = 0.85 * (1 - fogAmount(palette, p.depth) * 0.6);
          // A cloud puff is soft enough for nearest-pixel sampling (see sea.ts's fog sheets).
          ctx.imageSmoothingEnabled = false;
          ctx.drawImage(sprite, p.x - w / 2, p.y - w / 4, w, w / 2);
          ctx.imageSmoothingEnabled = true;
          ctx.globalAlpha = 1;
        },
      };
    });
  }

  /**
   * The road, laid band by band on the same rows as the terrain and drawn right after each band, so
   * nearer ground (a hillside on the inside of a bend) still hides the road behind it.
   */
  private ribbons(fc: FrameContext, rows: readonly (Row & { z: number })[]): Drawable[] {
    if (this.kind === 'countryside' || this.kind === 'savanna') return [];
    const road = this.kind === 'mountain-road';
    const out: Drawable[] = [];
    for (let k = 0; k + 1 < rows.length; k++) {
      const far = rows[k]!;
      const near = rows[k + 1]!;
      if (road && near.z - fc.view.position.z > 900) continue;
      out.push({
        depth: far.depth * 1.1 + 2 - 1e-3,
        draw: (f) => (road ? this.drawRoad(f, near.z, far.z) : this.drawRiver(f, near.z, far.z)),
      });
    }
    return out;
  }

  /** The river as a ribbon along its valley, mirroring the sky, laid band by band like the road. */
  private drawRiver(fc: FrameContext, z0: number, z1: number): void {
    const { ctx, view, palette } = fc;
    const level = this.profile.waterLevel;
    // No river across the level stage: it would float above it.
    if (this.stageBlend(this.riverX(z0), z0) < 0.98 || this.stageBlend(this.riverX(z1), z1) < 0.98) return;
    const pieces = Math.max(1, Math.ceil((z1 - z0) / 40));
    // The far end is raised a pixel and a half over the farther piece: ends that merely meet would
    // antialias into a hairline of bank colour across the water at every band.
    const seam = 1.5 * fc.unit;
    const edge = (side: number) =>
      Array.from({ length: pieces + 1 }, (_, i) => {
        const step = side > 0 ? i : pieces - i;
        const z = z0 + ((z1 - z0) * step) / pieces;
        const half = 38 + 14 * Math.sin(z / 310);
        const p = view.projectClamped({ x: this.riverX(z) + side * half, y: level, z });
        return step === pieces ? { ...p, y: p.y - seam } : p;
      });
    const pts = [...edge(-1).reverse(), ...edge(1).reverse()];
    const depth = Math.max(0, view.depthOf({ x: this.riverX(z0), y: level, z: z0 }));
    const water = mixRgb(mixRgb(RIVER, palette.skyTop, 0.35), palette.sun, 0.12 * palette.keyStrength);
    ctx.fillStyle = css(mixRgb(water, palette.fog, fogAmount(palette, depth)));
    ctx.beginPath();
    for (const p of pts) ctx.lineTo(p.x, p.y);
    ctx.closePath();
    ctx.fill();
  }

  private drawRoad(fc: FrameContext, z0: number, z1: number): void {
    const { ctx, view, palette } = fc;
    const pieces = Math.max(1, Math.ceil((z1 - z0) / 2));
    const at = (z: number, dx: number, dy: number) => {
      const c = this.roadX(z);
      return view.projectClamped({ x: c + dx, y: this.roadY(z) + dy, z });
    };
    const fog = fogAmount(
      palette,
      Math.max(0, view.depthOf({ x: this.roadX(z0), y: this.roadY(z0), z: z0 })),
    );
    const asphalt = css(mixRgb(shade(palette, ASPHALT, palette.sunDir.y, 0), palette.fog, fog));
    const paint = css(mixRgb(hex('#e8e4d8'), palette.fog, fog));
    const steel = css(mixRgb(hex('#b9bec4'), palette.fog, fog));
    const rail = ROAD_HALF_WIDTH + 0.6;
    ctx.fillStyle = asphalt;
    ctx.beginPath();
    for (let i = 0; i <= pieces; i++) {
      const p = at(z0 + ((z1 - z0) * i) / pieces, -ROAD_HALF_WIDTH, 0.04);
      ctx.lineTo(p.x, p.y);
    }
    for (let i = pieces; i >= 0; i--) {
      const p = at(z0 + ((z1 - z0) * i) / pieces, ROAD_HALF_WIDTH, 0.04);
      ctx.lineTo(p.x, p.y);
    }
    ctx.closePath();
    ctx.fill();
    ctx.lineCap = 'butt';
    for (let i = 0; i < pieces; i++) {
      const za = z0 + ((z1 - z0) * i) / pieces;
      const zb = z0 + ((z1 - z0) * (i + 1)) / pieces;
      const lines: [number, number, string, number][] = [
        [-ROAD_HALF_WIDTH + 0.25, 0.06, paint, 0.14],
        [ROAD_HALF_WIDTH - 0.25, 0.06, paint, 0.14],
        [rail, 0.75, steel, 0.3],
      ];
      if (Math.floor(za / 6) % 2 === 0) lines.push([0, 0.06, paint, 0.14]);
      for (const [dx, dy, color, width] of lines) {
        const a = at(za, dx, dy);
        const b = at(zb, dx, dy);
        ctx.strokeStyle = color;
        ctx.lineWidth = Math.max(0.6, a.scale * width);
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
        ctx.stroke();
      }
      // Guard-rail posts every 4 m.
      for (let z = Math.ceil(za / 4) * 4; z < zb; z += 4) {
        const foot = at(z, rail, 0);
        const top = at(z, rail, 0.75);
        ctx.strokeStyle = steel;
        ctx.lineWidth = Math.max(0.6, foot.scale * 0.12);
        ctx.beginPath();
        ctx.moveTo(foot.x, foot.y);
        ctx.lineTo(top.x, top.y);
        ctx.stroke();
      }
    }
  }

  /** Conifers near the camera, or on the savanna thorn bushes and a few lone acacias far across the plain. */
  private trees(fc: FrameContext): Drawable[] {
    if (this.kind === 'mountains') return [];
    if (this.kind !== 'savanna') return this.scatter(fc, 9, 260, 0.42, 18, drawConifer);
    // Low thorn bushes near the camera give a tracking shot its parallax; the acacias stand far out.
    return [
      ...this.scatter(fc, 14, 160, 0.2, 5, drawBush, 1),
      ...this.scatter(fc, 45, 1400, 0.22, 18, drawAcacia),
    ];
  }

  /** Plants on a jittered grid of `cell` metres ahead of the camera, never on the road or bare rock. */
  private scatter(
    fc: FrameContext,
    cell: number,
    range: number,
    density: number,
    nearest: number,
    draw: (fc: FrameContext, base: V3, depth: number, key: number) => void,
    /** Another layer's grid: its own random placement. */
    layer = 0,
  ): Drawable[] {
    const { view } = fc;
    const out: Drawable[] = [];
    const cz0 = Math.floor(view.position.z / cell);
    for (let cz = cz0; cz < cz0 + range / cell; cz++) {
      const zc = cz * cell;
      const half = view.halfWidthAt(Math.max(10, zc - view.position.z)) + 20;
      const cx0 = Math.floor((view.position.x - half) / cell);
      const cx1 = Math.ceil((view.position.x + half) / cell);
      for (let cx = cx0; cx <= cx1; cx++) {
        const key = mix(this.seed + layer * 7919, cx, cz);
        if (key / 4294967296 > density) continue;
        const x = (cx + hash01(key, 1)) * cell;
        const z = (cz + hash01(key, 2)) * cell;
        if (this.kind === 'mountain-road' && Math.abs(x - this.roadX(z)) < ROAD_HALF_WIDTH + 3) continue;
        const y = this.height(x, z);
        const slope = Math.abs(this.height(x + 1, z) - this.height(x - 1, z)) / 2;
        if (slope > 1.3) continue;
        const base = { x, y, z };
        const depth = view.depthOf(base);
        if (depth < nearest) continue;
        out.push({ depth, draw: (frame) => draw(frame, base, depth, key) });
      }
    }
    return out;
  }
}

/** A conifer: a short trunk under three stacked green triangles. */
function drawConifer({ ctx, view, palette }: FrameContext, base: V3, depth: number, key: number): void {
  const b = view.project(base);
  if (!b) return;
  const h = 7 + hash01(key, 3) * 9;
  const w = h * 0.32 * b.scale;
  const top = b.y - h * b.scale;
  ctx.fillStyle = css(shade(palette, hex('#3b2a1c'), 0.3, depth));
  ctx.fillRect(b.x - w * 0.08, b.y - h * b.scale * 0.25, w * 0.16, h * b.scale * 0.25);
  const lit = shade(palette, hex('#2c4a2a'), 0.55 + hash01(key, 4) * 0.3, depth);
  ctx.fillStyle = css(lit);
  ctx.beginPath();
  for (let k = 0; k < 3; k++) {
    const y0 = top + (k * (b.y - top)) / 4;
    const y1 = y0 + (b.y - top) * 0.45;
    const ww = w * (0.55 + k * 0.25);
    ctx.moveTo(b.x, y0);
    ctx.lineTo(b.x + ww, y1);
    ctx.lineTo(b.x - ww, y1);
    ctx.closePath();
  }
  ctx.fill();
}

/**
 * An umbrella thorn acacia: a thin trunk forking into two or three limbs under a wide, flat crown,
 * dark beneath and lit along its top; the silhouette everyone knows from the savanna.
 */
function drawAcacia({ ctx, view, palette }: FrameContext, base: V3, depth: number, key: number): void {
  const b = view.project(base);
  if (!b) return;
  const h = (5 + hash01(key, 3) * 5) * b.scale;
  const crownW = h * (0.75 + hash01(key, 5) * 0.35);
  const crownY = b.y - h;
  const lean = (hash01(key, 6) - 0.5) * 0.3 * h;
  const bark = css(shade(palette, hex('#3a2c22'), 0.3, depth));
  ctx.strokeStyle = bark;
  ctx.lineCap = 'round';
  ctx.lineWidth = Math.max(0.8, h * 0.05);
  const fork = { x: b.x + lean * 0.4, y: b.y - h * 0.45 };
  ctx.beginPath();
  ctx.moveTo(b.x, b.y);
  ctx.lineTo(fork.x, fork.y);
  ctx.stroke();
  ctx.lineWidth = Math.max(0.6, h * 0.03);
  ctx.beginPath();
  for (const spread of [-0.55, 0.1, 0.5]) {
    ctx.moveTo(fork.x, fork.y);
    ctx.lineTo(fork.x + lean * 0.6 + spread * crownW * 0.8, crownY + h * 0.08);
  }
  ctx.stroke();
  // The crown: a flat lens, a darker underside, and a few clumps breaking its outline.
  const cx = b.x + lean;
  const leaves = hex('#48502a');
  ctx.fillStyle = css(shade(palette, leaves, 0.25, depth));
  ctx.beginPath();
  ctx.ellipse(cx, crownY + h * 0.05, crownW, h * 0.11, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = css(shade(palette, leaves, 0.6 + hash01(key, 4) * 0.25, depth));
  ctx.beginPath();
  ctx.ellipse(cx, crownY - h * 0.02, crownW * 0.92, h * 0.08, 0, Math.PI, Math.PI * 2);
  for (const [dx, r] of [
    [-0.6, 0.22],
    [-0.1, 0.26],
    [0.45, 0.2],
  ] as const) {
    ctx.moveTo(cx + dx * crownW + r * crownW, crownY - h * 0.02);
    ctx.ellipse(cx + dx * crownW, crownY - h * 0.02, r * crownW, h * 0.09, 0, 0, Math.PI, true);
  }
  ctx.fill();
}

/** A low thorn bush: a few dark olive mounds, lit along their tops. */
function drawBush({ ctx, view, palette }: FrameContext, base: V3, depth: number, key: number): void {
  const b = view.project(base);
  if (!b) return;
  const h = (0.6 + hash01(key, 3) * 0.9) * b.scale;
  const w = h * (1.4 + hash01(key, 5) * 0.8);
  const leaves = hex('#5a5a30');
  for (const [part, tone] of [
    [0, 0.25],
    [1, 0.6],
  ] as const) {
    ctx.fillStyle = css(shade(palette, leaves, tone + hash01(key, 4) * 0.2, depth));
    ctx.beginPath();
    for (const [dx, r] of [
      [-0.45, 0.5],
      [0.1, 0.6],
      [0.55, 0.42],
    ] as const) {
      const cx = b.x + dx * w;
      const ry = h * r * (part ? 0.75 : 1);
      const cy = b.y - h * r * 0.9 - (part ? h * 0.12 : 0);
      ctx.moveTo(cx + w * r * 0.6, cy);
      ctx.ellipse(cx, cy, w * r * 0.6, ry, 0, 0, Math.PI * 2);
    }
    ctx.fill();
  }
}
