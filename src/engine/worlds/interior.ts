/**
 * A room: plank floor, painted walls with skirting, a window in the far wall that is the key light by
 * day (a patch of sun on the floor, a faint beam through the air) and a dark pane with a warm lamp by
 * night, and furniture: a sofa or kitchen counters under the window, a bookcase, a floor lamp, a
 * plant, a rug and pictures. The room is sized to the shot: it holds the camera and everyone's way
 * through the shot, with the far wall a few metres behind the subjects.
 *
 * Conventions: the floor is y = 0, the camera looks roughly along +z toward the window wall.
 */
import type { Entity, Shot } from '../../plan/index.ts';
import { clamp } from '../../lib/math.ts';
import { hash01, rng } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import type { Ctx, Drawable, FrameContext, World } from '../frame.ts';
import { flashAt } from '../lightning.ts';
import type { Palette } from '../palette.ts';
import { radialSprite } from '../sprites.ts';
import { hexahedronFaces, type Face } from '../entities/solid.ts';
import type { V3 } from '../vec.ts';
import { shotFootprint } from './footprint.ts';
import { straightLinePose } from './placement.ts';
import { fillPolygon, projectPolygon, tracePolygon } from '../polygon.ts';
import { drawTuft } from './props.ts';

const WALLS = ['#d9cdb8', '#a9b5a0', '#9fb0bf', '#c99a7e', '#e2ddd2'].map(hex);
const FABRICS = ['#2f5d62', '#b5893a', '#6b6f78', '#8a3b35', '#3d4a6b'].map(hex);
const BOOKS = ['#7a2e2a', '#2d4a6b', '#c9a24a', '#3f5e3a', '#d8d2c4', '#5a3b5e', '#1f1f24'].map(hex);
const WOOD = hex('#8a5a36');
const SKIRTING = hex('#eeeae2');

interface Room {
  readonly x0: number;
  readonly x1: number;
  readonly z0: number;
  readonly z1: number;
  readonly height: number;
}

/** Not a light but a shading rule for furniture: tops catch the most of the room's light, fronts the least. */
const ROOM_LIGHT: V3 = { x: 0, y: 0.25, z: 0.15 };

interface Box {
  readonly min: V3;
  readonly max: V3;
  readonly color: Rgb;
  /** Cupboard doors on the front face, this wide. */
  readonly doors?: number;
}

interface Layout {
  readonly room: Room;
  readonly wall: Rgb;
  readonly window: { x0: number; x1: number; y0: number; y1: number };
  readonly boxes: Box[][];
  readonly lamp?: V3;
  readonly plant?: V3;
  readonly rug?: { x0: number; x1: number; z0: number; z1: number; color: Rgb };
  readonly pictures: { x: number; z: number; y: number; w: number; h: number; color: Rgb }[];
  readonly books: { min: V3; max: V3; color: Rgb }[];
}

export class InteriorWorld implements World {
  private layout: Layout | undefined;

  constructor(
    private readonly seed: number,
    private readonly shot: Shot,
  ) {}

  place(entity: Entity, t: number): Pose {
    return straightLinePose(entity, t);
  }

  /** Sizes the room to the shot and furnishes it, once, from the plan alone. */
  private plan(): Layout {
    if (this.layout) return this.layout;
    const random = rng(this.seed, 'interior');
    const { camera, entities } = shotFootprint(this.shot, this.seed, (e, t) => this.place(e, t));
    const xs = [...camera, ...entities].map((p) => p.x);
    const zsE = entities.map((p) => p.z);
    const zsC = camera.map((p) => p.z);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const half = Math.max(3.6, (Math.max(...xs) - Math.min(...xs)) / 2 + 2.2);
    const z0 = Math.min(...zsC) - 1.2;
    const z1 = Math.max(Math.max(...zsC) + 4.5, (zsE.length ? Math.max(...zsE) : 0) + 2.6, z0 + 7);
    const height = Math.max(2.9, Math.max(...camera.map((p) => p.y)) + 0.5);
    const room: Room = { x0: cx - half, x1: cx + half, z0, z1, height };
    const kitchen = /kitchen|厨房|cook|做饭|breakfast|早餐/i.test(this.shot.description);
    const wall = WALLS[Math.floor(random() * WALLS.length)]!;
    const fabric = FABRICS[Math.floor(random() * FABRICS.length)]!;
    const side = random() < 0.5 ? -1 : 1;
    const free = (x: number, z: number, r: number) =>
      entities.every((e) => Math.hypot(e.x - x, e.z - z) > r) &&
      camera.every((c) => Math.hypot(c.x - x, c.z - z) > r);
    const winW = Math.min(2.6, half * 0.8);
    const winX = cx + side * -0.4;
    const window = {
      x0: winX - winW / 2,
      x1: winX + winW / 2,
      y0: kitchen ? 1.15 : 0.85,
      y1: Math.min(height - 0.3, 2.4),
    };
    const boxes: Box[][] = [];
    if (kitchen) {
      // Base cabinets with a worktop along the window wall, and wall cupboards either side of it.
      const zb = z1 - 0.62;
      boxes.push([
        {
          min: { x: room.x0, y: 0, z: zb },
          max: { x: room.x1, y: 0.86, z: z1 },
          color: mixRgb(wall, hex('#ffffff'), 0.5),
          doors: 0.6,
        },
        {
          min: { x: room.x0, y: 0.86, z: zb - 0.03 },
          max: { x: room.x1, y: 0.9, z: z1 },
          color: hex('#3a3a3e'),
        },
      ]);
      for (const [a, b] of [
        [room.x0, window.x0 - 0.2],
        [window.x1 + 0.2, room.x1],
      ] as const) {
        if (b - a > 0.5)
          boxes.push([
            {
              min: { x: a, y: 1.5, z: z1 - 0.35 },
              max: { x: b, y: 2.25, z: z1 },
              color: mixRgb(wall, hex('#ffffff'), 0.45),
              doors: 0.5,
            },
          ]);
      }
    } else if (free(winX, z1 - 0.5, 1.2) && !this.shot.entities.some((e) => e.motion.seat === 'sofa')) {
      // The sofa under the window: seat, back and arms (unless someone brings their own to sit or
      // lie on: entities/seat.ts draws it under them, and one sofa to a room is enough).
      const sx0 = winX - 1.1;
      const sx1 = winX + 1.1;
      const zb = z1 - 0.95;
      boxes.push([
        { min: { x: sx0, y: 0.08, z: zb }, max: { x: sx1, y: 0.45, z: z1 - 0.05 }, color: fabric },
        {
          min: { x: sx0, y: 0.45, z: z1 - 0.3 },
          max: { x: sx1, y: 0.9, z: z1 - 0.05 },
          color: scaleRgb(fabric, 0.9),
        },
        {
          min: { x: sx0 - 0.22, y: 0.08, z: zb },
          max: { x: sx0, y: 0.66, z: z1 - 0.05 },
          color: scaleRgb(fabric, 0.95),
        },
        {
          min: { x: sx1, y: 0.08, z: zb },
          max: { x: sx1 + 0.22, y: 0.66, z: z1 - 0.05 },
          color: scaleRgb(fabric, 0.95),
        },
      ]);
    }
    // The bookcase against a side wall, toward the back.
    const bx = side > 0 ? room.x1 - 0.35 : room.x0;
    const bz = z1 - 2.9;
    const books: Layout['books'] = [];
    if (free(bx + 0.17, bz + 0.55, 0.9)) {
      boxes.push([{ min: { x: bx, y: 0, z: bz }, max: { x: bx + 0.35, y: 2.1, z: bz + 1.1 }, color: WOOD }]);
      const face = side > 0 ? bx - 0.005 : bx + 0.355;
      for (let shelf = 0; shelf < 5; shelf++) {
        const y = 0.12 + shelf * 0.4;
        for (let z = bz + 0.06; z < bz + 1.02;) {
          const w = 0.03 + random() * 0.05;
          const h = 0.22 + random() * 0.12;
          if (random() < 0.9)
            books.push({
              min: { x: face, y, z },
              max: { x: face, y: y + h, z: Math.min(z + w, bz + 1.04) },
              color: BOOKS[Math.floor(random() * BOOKS.length)]!,
            });
          z += w + 0.004;
        }
      }
    }
    const lampSpot = { x: winX + side * -1.6, y: 0, z: z1 - 0.45 };
    // In a kitchen the plant sits on the worktop; elsewhere it stands in the corner.
    const plantSpot = {
      x: side > 0 ? room.x0 + 0.45 : room.x1 - 0.45,
      y: kitchen ? 0.9 : 0,
      z: z1 - (kitchen ? 0.3 : 0.5),
    };
    const rugX = entities.length ? entities.reduce((a, e) => a + e.x, 0) / entities.length : cx;
    const rugZ = entities.length ? entities.reduce((a, e) => a + e.z, 0) / entities.length : (z0 + z1) / 2;
    const pictures: Layout['pictures'] = [];
    const wallX = side > 0 ? room.x0 : room.x1;
    for (let k = 0; k < 2; k++)
      pictures.push({
        x: wallX,
        z: z1 - 1.6 - k * 1.4,
        y: 1.55 + (random() - 0.5) * 0.2,
        w: 0.7 + random() * 0.4,
        h: 0.5 + random() * 0.3,
        color: mixRgb(FABRICS[Math.floor(random() * FABRICS.length)]!, hex('#e8d9b0'), random() * 0.5),
      });
    return (this.layout = {
      room,
      wall,
      window,
      boxes,
      ...(kitchen || !free(lampSpot.x, lampSpot.z, 0.6) ? {} : { lamp: lampSpot }),
      ...(free(plantSpot.x, plantSpot.z, 0.8) ? { plant: plantSpot } : {}),
      ...(kitchen
        ? {}
        : {
            rug: {
              x0: rugX - 1.8,
              x1: rugX + 1.8,
              z0: rugZ - 1.2,
              z1: rugZ + 1.2,
              color: mixRgb(fabric, hex('#b89a78'), 0.55),
            },
          }),
      pictures,
      books,
    });
  }

  /** How the room is lit: daylight through the window, or lamplight at night (plus a storm's flash). */
  private light(fc: FrameContext): { day: number; lamp: number; flash: number } {
    const { palette } = fc;
    const day = palette.night ? 0 : clamp(0.35 + palette.keyStrength * 0.65, 0, 1);
    return {
      day,
      lamp: palette.night ? 1 : 0.15,
      flash: flashAt(fc.shot, fc.t / fc.shot.timeScale).intensity,
    };
  }

  /** A surface colour in this room's light: ambient from the window or the lamps, plus its own key. */
  private lit(fc: FrameContext, albedo: Rgb, key: number): Rgb {
    const { day, lamp } = this.light(fc);
    const daylight = mixRgb(fc.palette.skyHorizon, hex('#ffffff'), 0.55);
    const lampLight = hex('#ffb56b');
    const amb = [0, 1, 2].map(
      (i) =>
        (daylight[i]! / 255) * (0.45 + 0.55 * key) * day + (lampLight[i]! / 255) * (0.22 + 0.35 * key) * lamp,
    );
    return [albedo[0] * amb[0]!, albedo[1] * amb[1]!, albedo[2] * amb[2]!];
  }

  background(fc: FrameContext): void {
    const { ctx, view } = fc;
    const L = this.plan();
    const { x0, x1, z0, z1, height: H } = L.room;
    const poly = (pts: V3[], style: Ctx['fillStyle']) => fillPolygon(ctx, view, pts, style);
    // One fill under everything: the seams where two surfaces meet are anti-aliased on both sides,
    // and whatever lay under them (the previous frame) would show through.
    const m = Math.max(fc.width, fc.height) * 0.2;
    ctx.fillStyle = css(this.lit(fc, L.wall, 0.3));
    ctx.fillRect(-m, -m, fc.width + 2 * m, fc.height + 2 * m);
    // Floor: warm planks, darker toward the lens.
    poly(
      [
        { x: x0, y: 0, z: z0 },
        { x: x1, y: 0, z: z0 },
        { x: x1, y: 0, z: z1 },
        { x: x0, y: 0, z: z1 },
      ],
      css(this.lit(fc, scaleRgb(WOOD, 0.95), 0.3)),
    );
    this.planks(fc, L.room);
    poly(
      [
        { x: x0, y: H, z: z0 },
        { x: x1, y: H, z: z0 },
        { x: x1, y: H, z: z1 },
        { x: x0, y: H, z: z1 },
      ],
      css(this.lit(fc, scaleRgb(L.wall, 0.95), 0.05)),
    );
    // Walls: the window wall faces the lens and catches the bounce; the side walls rake away.
    for (const [pts, key] of [
      [
        [
          { x: x0, y: 0, z: z1 },
          { x: x1, y: 0, z: z1 },
          { x: x1, y: H, z: z1 },
          { x: x0, y: H, z: z1 },
        ],
        0.25,
      ],
      [
        [
          { x: x0, y: 0, z: z0 },
          { x: x0, y: 0, z: z1 },
          { x: x0, y: H, z: z1 },
          { x: x0, y: H, z: z0 },
        ],
        0.45,
      ],
      [
        [
          { x: x1, y: 0, z: z0 },
          { x: x1, y: 0, z: z1 },
          { x: x1, y: H, z: z1 },
          { x: x1, y: H, z: z0 },
        ],
        0.4,
      ],
      [
        [
          { x: x0, y: 0, z: z0 },
          { x: x1, y: 0, z: z0 },
          { x: x1, y: H, z: z0 },
          { x: x0, y: H, z: z0 },
        ],
        0.35,
      ],
    ] as const) {
      poly([...pts], css(this.lit(fc, L.wall, key)));
    }
    this.skirting(fc, L.room);
    this.drawWindow(fc, L);
    for (const p of L.pictures) this.drawPicture(fc, p);
    if (L.rug) {
      const { x0: a, x1: b, z0: c, z1: d, color } = L.rug;
      poly(
        [
          { x: a, y: 0.005, z: c },
          { x: b, y: 0.005, z: c },
          { x: b, y: 0.005, z: d },
          { x: a, y: 0.005, z: d },
        ],
        css(this.lit(fc, color, 0.3)),
      );
      poly(
        [
          { x: a + 0.2, y: 0.006, z: c + 0.2 },
          { x: b - 0.2, y: 0.006, z: c + 0.2 },
          { x: b - 0.2, y: 0.006, z: d - 0.2 },
          { x: a + 0.2, y: 0.006, z: d - 0.2 },
        ],
        css(this.lit(fc, mixRgb(color, hex('#f1e6cf'), 0.35), 0.3)),
      );
    }
    this.sunPatch(fc, L);
  }

  /** Plank seams running away from the lens, with the butt joints staggered. */
  private planks(fc: FrameContext, room: Room): void {
    const { ctx, view } = fc;
    ctx.strokeStyle = css(this.lit(fc, scaleRgb(WOOD, 0.55), 0.2), 0.8);
    ctx.lineWidth = Math.max(1, fc.unit);
    ctx.beginPath();
    for (let x = Math.ceil(room.x0 / 0.18) * 0.18; x < room.x1; x += 0.18) {
      const line = projectPolygon(view, [
        { x, y: 0.002, z: room.z0 },
        { x, y: 0.002, z: room.z1 },
        { x, y: 0.002, z: room.z0 },
      ]);
      if (!line) continue;
      ctx.moveTo(line[0]!.x, line[0]!.y);
      ctx.lineTo(line[1]!.x, line[1]!.y);
      const lane = Math.round(x / 0.18);
      for (let z = room.z0 + hash01(this.seed, lane) * 1.4; z < room.z1; z += 1.4) {
        const a = view.project({ x, y: 0.002, z });
        const b = view.project({ x: x + 0.18, y: 0.002, z });
        if (!a || !b) continue;
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
      }
    }
    ctx.stroke();
  }

  private skirting(fc: FrameContext, room: Room): void {
    const { ctx, view } = fc;
    const color = css(this.lit(fc, SKIRTING, 0.35));
    const h = 0.1;
    for (const pts of [
      [
        { x: room.x0, y: 0, z: room.z1 - 0.001 },
        { x: room.x1, y: 0, z: room.z1 - 0.001 },
        { x: room.x1, y: h, z: room.z1 - 0.001 },
        { x: room.x0, y: h, z: room.z1 - 0.001 },
      ],
      [
        { x: room.x0 + 0.001, y: 0, z: room.z0 },
        { x: room.x0 + 0.001, y: 0, z: room.z1 },
        { x: room.x0 + 0.001, y: h, z: room.z1 },
        { x: room.x0 + 0.001, y: h, z: room.z0 },
      ],
      [
        { x: room.x1 - 0.001, y: 0, z: room.z0 },
        { x: room.x1 - 0.001, y: 0, z: room.z1 },
        { x: room.x1 - 0.001, y: h, z: room.z1 },
        { x: room.x1 - 0.001, y: h, z: room.z0 },
      ],
    ]) {
      fillPolygon(ctx, view, pts, color);
    }
  }

  /** The window: sky (or night) through the glass, a frame with mullions, curtains either side. */
  private drawWindow(fc: FrameContext, L: Layout): void {
    const { ctx, view, palette } = fc;
    const { x0, x1, y0, y1 } = L.window;
    const z = L.room.z1 - 0.002;
    const glass = projectPolygon(view, [
      { x: x0, y: y0, z },
      { x: x1, y: y0, z },
      { x: x1, y: y1, z },
      { x: x0, y: y1, z },
    ]);
    if (!glass) return;
    const top = Math.min(...glass.map((p) => p.y));
    const bottom = Math.max(...glass.map((p) => p.y));
    const flash = this.light(fc).flash;
    const g = ctx.createLinearGradient(0, top, 0, bottom);
    g.addColorStop(0, css(mixRgb(palette.skyTop, hex('#e6ecff'), flash * 0.8)));
    g.addColorStop(
      1,
      css(
        mixRgb(
          mixRgb(palette.skyHorizon, hex('#ffffff'), palette.night ? 0 : 0.25),
          hex('#e6ecff'),
          flash * 0.8,
        ),
      ),
    );
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.moveTo(glass[0]!.x, glass[0]!.y);
    for (const p of glass) ctx.lineTo(p.x, p.y);
    ctx.closePath();
    ctx.fill();
    // Outside: treetops and rooftops against the sky, far enough off to shift a little as we move.
    const outside = mixRgb(
      palette.night ? hex('#0a0d16') : hex('#55705a'),
      palette.skyHorizon,
      palette.night ? 0.2 : 0.45,
    );
    ctx.save();
    ctx.clip();
    ctx.fillStyle = css(outside);
    ctx.beginPath();
    const far = z + 40;
    const horizon = view.project({ x: (x0 + x1) / 2, y: 1.0, z: far });
    if (horizon) {
      ctx.moveTo(-10, bottom + 10);
      // Rounded crowns of trees, with now and then the flat top of a roof between them.
      let prev = view.project({ x: x0 - 30, y: 3, z: far });
      if (prev) ctx.lineTo(prev.x, prev.y);
      for (let k = 1; k <= 24 && prev; k++) {
        const x = x0 - 30 + (k / 24) * (x1 - x0 + 60);
        const roof = hash01(this.seed, 350 + k) < 0.25;
        const h = roof ? 6 + 3 * hash01(this.seed, 300 + k) : 3 + 6 * hash01(this.seed, 300 + k);
        const p = view.project({ x, y: h, z: far });
        if (!p) break;
        if (roof) {
          ctx.lineTo(prev.x, p.y);
          ctx.lineTo(p.x, p.y);
        } else {
          ctx.quadraticCurveTo(
            (prev.x + p.x) / 2,
            Math.min(prev.y, p.y) - Math.abs(p.x - prev.x) * 0.6,
            p.x,
            p.y,
          );
        }
        prev = p;
      }
      ctx.lineTo(fc.width + 10, bottom + 10);
      ctx.closePath();
      ctx.fill();
      if (palette.night) {
        // A few lit windows across the way.
        ctx.fillStyle = css(hex('#ffcf8a'), 0.8);
        for (let k = 0; k < 14; k++) {
          const p = view.project({
            x: x0 - 10 + hash01(this.seed, 400 + k) * (x1 - x0 + 20),
            y: 1 + hash01(this.seed, 450 + k) * 5,
            z: far,
          });
          if (p) ctx.fillRect(p.x, p.y, 3 * fc.unit, 4 * fc.unit);
        }
      }
    }
    ctx.restore();
    // Frame and mullions.
    const frame = css(this.lit(fc, hex('#f2efe8'), 0.2));
    const bar = (a: V3, b: V3, w: number) => {
      const pa = view.project(a);
      const pb = view.project(b);
      if (!pa || !pb) return;
      ctx.strokeStyle = frame;
      ctx.lineWidth = Math.max(1, w * pa.scale);
      ctx.beginPath();
      ctx.moveTo(pa.x, pa.y);
      ctx.lineTo(pb.x, pb.y);
      ctx.stroke();
    };
    const xm = (x0 + x1) / 2;
    const ym = y0 + (y1 - y0) * 0.62;
    bar({ x: x0, y: y0, z }, { x: x1, y: y0, z }, 0.08);
    bar({ x: x0, y: y1, z }, { x: x1, y: y1, z }, 0.08);
    bar({ x: x0, y: y0, z }, { x: x0, y: y1, z }, 0.08);
    bar({ x: x1, y: y0, z }, { x: x1, y: y1, z }, 0.08);
    bar({ x: xm, y: y0, z }, { x: xm, y: y1, z }, 0.05);
    bar({ x: x0, y: ym, z }, { x: x1, y: ym, z }, 0.04);
    // Curtains: folds as alternating light and shadow.
    const cloth = L.boxes.length ? mixRgb(hex('#efe6d6'), L.wall, 0.3) : hex('#efe6d6');
    for (const [a, b] of [
      [x0 - 0.45, x0 + 0.05],
      [x1 - 0.05, x1 + 0.45],
    ] as const) {
      const pts = projectPolygon(view, [
        { x: a, y: 0.05, z: z - 0.05 },
        { x: b, y: 0.05, z: z - 0.05 },
        { x: b, y: y1 + 0.2, z: z - 0.05 },
        { x: a, y: y1 + 0.2, z: z - 0.05 },
      ]);
      if (!pts) continue;
      const left = Math.min(...pts.map((p) => p.x));
      const right = Math.max(...pts.map((p) => p.x));
      const folds = ctx.createLinearGradient(left, 0, right, 0);
      for (let k = 0; k <= 6; k++)
        folds.addColorStop(k / 6, css(this.lit(fc, scaleRgb(cloth, k % 2 ? 0.78 : 1), 0.35)));
      ctx.fillStyle = folds;
      ctx.beginPath();
      ctx.moveTo(pts[0]!.x, pts[0]!.y);
      for (const p of pts) ctx.lineTo(p.x, p.y);
      ctx.closePath();
      ctx.fill();
    }
  }

  private drawPicture(fc: FrameContext, p: Layout['pictures'][number]): void {
    const { ctx, view } = fc;
    const inward = p.x < 0 ? 0.01 : -0.01;
    const quad = (m: number, color: string) =>
      fillPolygon(
        ctx,
        view,
        [
          { x: p.x + inward, y: p.y - p.h / 2 - m, z: p.z - p.w / 2 - m },
          { x: p.x + inward, y: p.y - p.h / 2 - m, z: p.z + p.w / 2 + m },
          { x: p.x + inward, y: p.y + p.h / 2 + m, z: p.z + p.w / 2 + m },
          { x: p.x + inward, y: p.y + p.h / 2 + m, z: p.z - p.w / 2 - m },
        ],
        color,
      );
    quad(0.05, css(this.lit(fc, hex('#2a2320'), 0.3)));
    quad(0, css(this.lit(fc, p.color, 0.4)));
  }

  /** Sunlight through the window onto the floor, and a faint beam through the air above it. */
  private sunPatch(fc: FrameContext, L: Layout): void {
    const { ctx, view, palette } = fc;
    const sun = palette.sunDir;
    if (palette.night || (!palette.sunVisible && palette.keyStrength < 0.6) || sun.y < 0.05 || sun.z < 0.1)
      return;
    const { x0, x1, y0, y1 } = L.window;
    const z = L.room.z1;
    const onFloor = (x: number, y: number) => ({
      x: x - (sun.x / sun.y) * y,
      y: 0.01,
      z: z - (sun.z / sun.y) * y,
    });
    const corners = [onFloor(x0, y0), onFloor(x1, y0), onFloor(x1, y1), onFloor(x0, y1)];
    const warm = mixRgb(palette.sun, hex('#fff1d6'), 0.3);
    const { x0: rx0, x1: rx1, z0: rz0, z1: rz1 } = L.room;
    ctx.save();
    // The patch lies on the floor only: clipped where it would run up a wall.
    ctx.beginPath();
    if (
      !tracePolygon(ctx, view, [
        { x: rx0, y: 0, z: rz0 },
        { x: rx1, y: 0, z: rz0 },
        { x: rx1, y: 0, z: rz1 },
        { x: rx0, y: 0, z: rz1 },
      ])
    ) {
      ctx.restore();
      return;
    }
    ctx.clip();
    ctx.globalCompositeOperation = 'lighter';
    fillPolygon(ctx, view, corners, css(warm, 0.28 * palette.keyStrength));
    ctx.restore();
    ctx.globalCompositeOperation = 'lighter';
    // The beam: the window's light in the dusty air between the glass and the patch.
    const beam = [{ x: x0, y: y1, z }, { x: x1, y: y1, z }, corners[1]!, corners[0]!];
    fillPolygon(ctx, view, beam, css(warm, 0.06 * palette.keyStrength));
    ctx.globalCompositeOperation = 'source-over';
  }

  drawables(fc: FrameContext): Drawable[] {
    const L = this.plan();
    const { view } = fc;
    const out: Drawable[] = [];
    for (const group of L.boxes) {
      const c = group[0]!;
      const centre = { x: (c.min.x + c.max.x) / 2, y: 0.5, z: c.max.z };
      out.push({ depth: view.depthOf(centre), draw: (f) => group.forEach((b) => this.drawBox(f, b)) });
    }
    if (L.books.length) {
      const b = L.books[0]!;
      out.push({ depth: view.depthOf(b.min) - 0.4, draw: (f) => this.drawBooks(f, L.books) });
    }
    const motes = this.motes(fc, L);
    if (motes) out.push(motes);
    const lamp = L.lamp;
    if (lamp) out.push({ depth: view.depthOf(lamp) - 0.2, draw: (f) => this.drawLamp(f, lamp) });
    const plant = L.plant;
    if (plant) out.push({ depth: view.depthOf(plant), draw: (f) => this.drawPlant(f, plant) });
    return out;
  }

  /**
   * Dust motes drifting in the light: in the window's beam by day, round the lamp at night. The
   * room's slow motion when nothing else moves.
   */
  private motes(fc: FrameContext, L: Layout): Drawable | undefined {
    const { palette } = fc;
    const day = !palette.night;
    const source = day
      ? { x: (L.window.x0 + L.window.x1) / 2, y: 1.3, z: L.room.z1 - 1.2 }
      : L.lamp && { ...L.lamp, y: 1.5 };
    if (!source) return undefined;
    const spread = day
      ? { x: (L.window.x1 - L.window.x0) / 2 + 0.6, y: 0.9, z: 1.2 }
      : { x: 0.9, y: 0.7, z: 0.9 };
    const color = day ? mixRgb(palette.sun, hex('#ffffff'), 0.5) : hex('#ffcf90');
    return {
      depth: fc.view.depthOf(source),
      draw: ({ ctx, view, t, unit }) => {
        ctx.fillStyle = css(color, day ? 0.55 * palette.keyStrength : 0.45);
        ctx.beginPath();
        for (let i = 0; i < 70; i++) {
          const r = (k: number) => hash01(this.seed, 880, i, k);
          // Each mote wanders on its own slow loop and sinks a little.
          const p = view.project({
            x: source.x + (r(1) * 2 - 1) * spread.x + Math.sin(t * (0.2 + r(4) * 0.3) + r(5) * 6) * 0.15,
            y:
              source.y +
              (r(2) * 2 - 1) * spread.y +
              Math.sin(t * (0.15 + r(6) * 0.2) + r(7) * 6) * 0.12 -
              ((t * 0.02) % 0.3),
            z: source.z + (r(3) * 2 - 1) * spread.z,
          });
          if (!p) continue;
          const s = Math.max(0.6, (0.8 + r(8)) * unit * Math.min(2.5, p.scale / 300));
          ctx.moveTo(p.x + s, p.y);
          ctx.arc(p.x, p.y, s, 0, Math.PI * 2);
        }
        ctx.globalCompositeOperation = 'lighter';
        ctx.fill();
        ctx.globalCompositeOperation = 'source-over';
      },
    };
  }

  /** The faces of a box that look toward the lens, each shaded by which way it faces. */
  private drawBox(fc: FrameContext, b: Box): void {
    const { ctx, view } = fc;
    const { min: a, max: m } = b;
    const corners = [
      { x: a.x, y: a.y, z: a.z },
      { x: m.x, y: a.y, z: a.z },
      { x: m.x, y: m.y, z: a.z },
      { x: a.x, y: m.y, z: a.z },
      { x: a.x, y: a.y, z: m.z },
      { x: m.x, y: a.y, z: m.z },
      { x: m.x, y: m.y, z: m.z },
      { x: a.x, y: m.y, z: m.z },
    ];
    const faces: Face[] = [];
    hexahedronFaces(view, ROOM_LIGHT, corners, b.color, faces);
    // `light` is the face normal against ROOM_LIGHT: tops 0.75, fronts 0.35, sides 0.5 of the room's light.
    for (const f of faces) fillPolygon(ctx, view, f.pts, css(this.lit(fc, b.color, 0.5 + f.light)));
    if (b.doors && view.position.z < a.z) this.drawDoors(fc, b, b.doors);
  }

  /** Door seams and small handles across a cupboard's front. */
  private drawDoors(fc: FrameContext, b: Box, width: number): void {
    const { ctx, view } = fc;
    const z = b.min.z - 0.002;
    ctx.strokeStyle = css(this.lit(fc, scaleRgb(b.color, 0.55), 0.3));
    ctx.lineWidth = Math.max(1, fc.unit * 1.2);
    ctx.beginPath();
    for (let x = b.min.x + width; x < b.max.x - 0.05; x += width) {
      const top = view.project({ x, y: b.max.y - 0.03, z });
      const bottom = view.project({ x, y: b.min.y + 0.08, z });
      if (!top || !bottom) continue;
      ctx.moveTo(top.x, top.y);
      ctx.lineTo(bottom.x, bottom.y);
      // The handle, near the seam, at a hand's reach.
      const hy = b.min.y > 1 ? b.min.y + 0.1 : b.max.y - 0.12;
      const h0 = view.project({ x: x - 0.06, y: hy, z });
      const h1 = view.project({ x: x - 0.06, y: hy - 0.1, z });
      if (h0 && h1) {
        ctx.moveTo(h0.x, h0.y);
        ctx.lineTo(h1.x, h1.y);
      }
    }
    ctx.stroke();
  }

  private drawBooks(fc: FrameContext, books: Layout['books']): void {
    const { ctx, view } = fc;
    const groups = new Map<string, V3[][]>();
    for (const b of books) {
      const color = css(this.lit(fc, b.color, 0.45));
      const list = groups.get(color) ?? [];
      list.push([
        { x: b.min.x, y: b.min.y, z: b.min.z },
        { x: b.min.x, y: b.min.y, z: b.max.z },
        { x: b.min.x, y: b.max.y, z: b.max.z },
        { x: b.min.x, y: b.max.y, z: b.min.z },
      ]);
      groups.set(color, list);
    }
    for (const [color, quads] of groups) {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (const q of quads) {
        const pts = q.map((p) => view.project(p));
        if (pts.some((p) => !p)) continue;
        ctx.moveTo(pts[0]!.x, pts[0]!.y);
        for (const p of pts) ctx.lineTo(p!.x, p!.y);
        ctx.closePath();
      }
      ctx.fill();
    }
  }

  /** A floor lamp: a thin stand and a fabric shade, glowing warm when it is on (at night). */
  private drawLamp(fc: FrameContext, at: V3): void {
    const { ctx, view, palette } = fc;
    const foot = view.project(at);
    const top = view.project({ ...at, y: 1.45 });
    if (!foot || !top) return;
    ctx.strokeStyle = css(this.lit(fc, hex('#2b2725'), 0.3));
    ctx.lineWidth = Math.max(1, 0.025 * foot.scale);
    ctx.beginPath();
    ctx.moveTo(foot.x, foot.y);
    ctx.lineTo(top.x, top.y);
    ctx.stroke();
    const on = palette.night;
    const shadeTop = view.project({ ...at, y: 1.75 });
    if (!shadeTop) return;
    const wTop = 0.16 * shadeTop.scale;
    const wBottom = 0.24 * top.scale;
    ctx.fillStyle = css(on ? hex('#ffd9a0') : this.lit(fc, hex('#efe4cc'), 0.5));
    ctx.beginPath();
    ctx.moveTo(shadeTop.x - wTop, shadeTop.y);
    ctx.lineTo(shadeTop.x + wTop, shadeTop.y);
    ctx.lineTo(top.x + wBottom, top.y);
    ctx.lineTo(top.x - wBottom, top.y);
    ctx.closePath();
    ctx.fill();
    if (on) {
      const glow = fc.sprites.get('room-lamp-glow', () => radialSprite(128, hex('#ffb565'), 1));
      const r = 2.4 * top.scale;
      ctx.globalCompositeOperation = 'lighter';
      ctx.globalAlpha = 0.55;
      ctx.drawImage(glow, top.x - r, top.y - r * 0.9, 2 * r, 2 * r);
      ctx.globalAlpha = 1;
      ctx.globalCompositeOperation = 'source-over';
    }
  }

  private drawPlant(fc: FrameContext, at: V3): void {
    const { ctx, view } = fc;
    const k = at.y > 0 ? 0.5 : 1;
    const pot = [
      { x: at.x - 0.2 * k, y: at.y, z: at.z },
      { x: at.x + 0.2 * k, y: at.y, z: at.z },
      { x: at.x + 0.25 * k, y: at.y + 0.45 * k, z: at.z },
      { x: at.x - 0.25 * k, y: at.y + 0.45 * k, z: at.z },
    ];
    fillPolygon(ctx, view, pot, css(this.lit(fc, hex('#a55a3a'), 0.4)));
    const key = Math.floor(hash01(this.seed, 77) * 1e6);
    drawTuft(
      { ...fc, palette: this.plantPalette(fc) },
      { ...at, y: at.y + 0.42 * k },
      1.1 * k,
      key,
      hex('#3e6a35'),
      14,
      2.2,
      0.05,
    );
  }

  /** The plant's leaves are lit by the room, not the sun outside. */
  private plantPalette(fc: FrameContext): Palette {
    const amb = this.lit(fc, hex('#ffffff'), 0.4);
    return { ...fc.palette, ambient: scaleRgb(amb, 1 / 1.1), keyStrength: 0, fogDensity: 0 };
  }
}
