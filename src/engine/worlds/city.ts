/**
 * A narrow night street in a Tokyo-like city: shopfronts and lit windows on both sides receding to a
 * vanishing point, vertical neon signs with legible Japanese and English lettering, lamp posts, and a
 * wet road that mirrors every light source (mirrored geometry projected through the same camera).
 *
 * Conventions: the street runs along +z; the carriageway is |x| < 4.5, pavements to |x| = 6.5,
 * facades stand at |x| = 6.5. Entities use plain world coordinates.
 */
import { createCanvas, type Image } from '../canvas.ts';
import type { Entity } from '../../plan/index.ts';
import { clamp } from '../../lib/math.ts';
import { rng } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import { ensureFonts } from '../fonts.ts';
import type { Ctx, Drawable, FrameContext, World } from '../frame.ts';
import { fogAmount } from '../palette.ts';
import { radialSprite, toImage } from '../sprites.ts';
import type { V3 } from '../vec.ts';
import type { View } from '../view.ts';
import { drawSky } from './sky.ts';
import { straightLinePose } from './placement.ts';
import { cameraPoseAt } from '../camera-rig.ts';
import { canvasMeasurer, fitText } from '../text/layout.ts';

const FACADE_X = 6.5;
const STREET_START = -40;
const STREET_END = 320;

const NEON: readonly Rgb[] = [
  hex('#ff2e88'),
  hex('#22d3ee'),
  hex('#ffd23f'),
  hex('#7cff6b'),
  hex('#b36bff'),
  hex('#ff6a3d'),
];
const SIGN_WORDS = [
  'ラーメン',
  '居酒屋',
  'カラオケ',
  '寿司',
  'BAR',
  '喫茶',
  'HOTEL',
  '焼鳥',
  'TOKYO',
  '24H',
  '薬局',
  'CAFE',
  '書店',
  'SAKE',
];

interface Building {
  side: -1 | 1;
  z0: number;
  z1: number;
  height: number;
  color: Rgb;
  windows: { y: number; z: number; lit: Rgb | null }[];
  shop: Rgb;
}

interface Sign {
  side: -1 | 1;
  z: number;
  y0: number;
  y1: number;
  width: number;
  image: Image;
  color: Rgb;
}

export class CityWorld implements World {
  private readonly buildings: Building[] = [];
  private readonly signs: Sign[] = [];
  private readonly lamps: { side: -1 | 1; z: number }[] = [];

  constructor(
    private readonly seed: number,
    private readonly texts: readonly string[] = [],
  ) {
    const random = rng(seed, 'city');
    for (const side of [-1, 1] as const) {
      for (let z = STREET_START; z < STREET_END;) {
        const width = 5 + random() * 8;
        const height = 9 + random() * 26;
        const windows: Building['windows'] = [];
        for (let y = 4.5; y < height - 1.5; y += 3.2) {
          for (let wz = z + 1; wz < z + width - 1; wz += 2.2) {
            const on = random() < 0.55;
            windows.push({ y, z: wz, lit: on ? (random() < 0.7 ? hex('#ffcf8a') : hex('#cfe6ff')) : null });
          }
        }
        this.buildings.push({
          side,
          z0: z,
          z1: z + width,
          height,
          color: mixRgb(hex('#15161c'), hex('#2a2530'), random()),
          windows,
          shop: random() < 0.5 ? hex('#ffe2b0') : NEON[Math.floor(random() * NEON.length)]!,
        });
        z += width + 0.3;
      }
      for (let z = STREET_START + 4; z < STREET_END; z += 7 + random() * 9) {
        const word = SIGN_WORDS[Math.floor(random() * SIGN_WORDS.length)]!;
        const color = NEON[Math.floor(random() * NEON.length)]!;
        this.signs.push(verticalSign(word, color, side, z, 3.2 + random() * 3));
      }
      for (let z = STREET_START + 8; z < STREET_END; z += 18) this.lamps.push({ side, z });
    }
  }

  place(entity: Entity, t: number): Pose {
    return straightLinePose(entity, t);
  }

  private ownSigns = false;

  /**
   * The prompt's own sign texts hang where the camera looks at mid-shot, 10 m and more ahead along the
   * street, alternating sides and replacing the stock signs there. Short words are vertical neon
   * signs; longer strings and phrases are horizontal ones, which read without stacking letters.
   * Sited once per shot from the plan alone, so every frame agrees.
   */
  private placeOwnSigns(fc: FrameContext): void {
    if (this.ownSigns) return;
    this.ownSigns = true;
    if (this.texts.length === 0) return;
    const { shot } = fc;
    const pose = cameraPoseAt(
      { ...shot.camera, shake: 0 },
      (shot.end - shot.start) / 2,
      this.seed,
      (id, t) => {
        const e = shot.entities.find((x) => x.id === id);
        return e ? this.place(e, t * shot.timeScale) : undefined;
      },
    );
    const ahead = pose.lookAt.z >= pose.position.z ? 1 : -1;
    // How far up the frame reaches at mid-shot, as a slope: a sign must hang below that to be seen whole.
    const dir = {
      x: pose.lookAt.x - pose.position.x,
      y: pose.lookAt.y - pose.position.y,
      z: pose.lookAt.z - pose.position.z,
    };
    const pitch = Math.atan2(dir.y, Math.hypot(dir.x, dir.z));
    const reach = Math.tan(Math.max(0.05, (pose.fovDeg * Math.PI) / 360 - 0.03 + pitch) * 0.85);
    const random = rng(this.seed, 'own-signs');
    let next = 10;
    this.texts.forEach((word, i) => {
      const side: -1 | 1 = i % 2 === 0 ? -1 : 1;
      const color = NEON[Math.floor(random() * NEON.length)]!;
      const long = [...word].length > 6 || /\s/.test(word);
      const sign = long ? horizontalSign(word, color, side, 0) : verticalSign(word, color, side, 0, 2.9);
      const distance = Math.max(next, (sign.y1 - pose.position.y) / reach);
      next = distance + 4;
      sign.z = pose.position.z + ahead * distance;
      for (let k = this.signs.length - 1; k >= 0; k--) {
        const s = this.signs[k]!;
        if (s.side === side && Math.abs(s.z - sign.z) < 4) this.signs.splice(k, 1);
      }
      this.signs.push(sign);
    });
  }

  background(fc: FrameContext): void {
    this.placeOwnSigns(fc);
    drawSky(fc);
    this.ground(fc);
    this.reflections(fc);
  }

  /** How far ahead the street's centre line meets screen row `y` (bisection: rows rise with depth). */
  private groundDepthAt(view: View, y: number, far: number): number {
    let lo = view.near;
    let hi = far;
    for (let i = 0; i < 24; i++) {
      const mid = (lo + hi) / 2;
      const p = view.project({ x: view.position.x, y: 0, z: view.position.z + mid });
      if (p && p.y < y) hi = mid;
      else lo = mid;
    }
    return lo;
  }

  private ground(fc: FrameContext): void {
    const { ctx, view, palette } = fc;
    const far = STREET_END;
    const quad = (x0: number, x1: number, color: Rgb) => {
      const z0 = view.position.z + 0.5;
      const pts = [
        view.projectClamped({ x: x0, y: 0, z: z0 }),
        view.projectClamped({ x: x1, y: 0, z: z0 }),
        view.projectClamped({ x: x1, y: 0, z: far }),
        view.projectClamped({ x: x0, y: 0, z: far }),
      ];
      // The gradient runs from the frame's bottom edge, fogged as the ground seen there, to the street's
      // end: from a near edge far below the frame, most of what shows was already the haze colour, and
      // by day that made the asphalt look like snow.
      const bottom = Math.min(pts[0]!.y, fc.height);
      const near = fogAmount(palette, this.groundDepthAt(view, bottom, far));
      const grad = ctx.createLinearGradient(0, bottom, 0, pts[2]!.y);
      grad.addColorStop(0, css(mixRgb(color, palette.fog, near)));
      grad.addColorStop(1, css(mixRgb(color, palette.fog, Math.max(0.6, fogAmount(palette, far)))));
      ctx.fillStyle = grad;
      ctx.beginPath();
      for (const p of pts) ctx.lineTo(p.x, p.y);
      ctx.closePath();
      ctx.fill();
    };
    const night = palette.night;
    quad(-FACADE_X, FACADE_X, night ? hex('#121419') : hex('#5a5c60'));
    quad(-4.5, 4.5, night ? hex('#0b0c10') : hex('#3d3f44'));
    // Crossing stripes and kerbs give the road scale and leading lines.
    ctx.fillStyle = css(mixRgb(hex('#c9cbd0'), palette.fog, 0.2), night ? 0.35 : 0.8);
    for (const zc of [28, 120]) {
      for (let x = -4; x < 4; x += 1) {
        const pts = [
          view.project({ x, y: 0.01, z: zc }),
          view.project({ x: x + 0.5, y: 0.01, z: zc }),
          view.project({ x: x + 0.5, y: 0.01, z: zc + 3 }),
          view.project({ x, y: 0.01, z: zc + 3 }),
        ];
        if (pts.some((p) => !p)) continue;
        ctx.beginPath();
        for (const p of pts) ctx.lineTo(p!.x, p!.y);
        ctx.fill();
      }
    }
  }

  /** The wet road mirrors the signs and shop lights: the same quads reflected in y = 0, faint. */
  private reflections(fc: FrameContext): void {
    const { ctx, view, palette } = fc;
    if (!palette.night) return;
    const wet = fc.shot.weather === 'rain' || fc.shot.weather === 'storm' ? 0.32 : 0.18;
    ctx.globalCompositeOperation = 'lighter';
    // Each sign's reflection: a vertical streak of its colour, as rain-roughened asphalt smears it.
    for (const sign of this.signs) {
      if (sign.z < view.position.z + 1) continue;
      const x = sign.side * (FACADE_X - 0.15 - sign.width / 2);
      const top = view.project({ x, y: -sign.y0, z: sign.z });
      const bottom = view.project({ x, y: -sign.y1 * 1.6, z: sign.z });
      if (!top || !bottom) continue;
      const glow = fc.sprites.get(`neon-${css(sign.color)}`, () => radialSprite(128, sign.color, 1.2));
      const w = sign.width * 1.4 * top.scale;
      ctx.globalAlpha = wet * 1.4 * (1 - fogAmount(palette, sign.z - view.position.z));
      ctx.drawImage(glow, top.x - w / 2, top.y, w, Math.max(2, bottom.y - top.y));
    }
    // Shop light spilling onto the wet pavement: a soft pool in front of each shopfront.
    const pool = fc.sprites.get('light-pool', () => radialSprite(128, hex('#ffffff'), 1.1));
    for (const b of this.buildings) {
      const zc = (b.z0 + b.z1) / 2;
      if (zc < view.position.z + 1) continue;
      const p = view.project({ x: b.side * (FACADE_X - 1.2), y: 0, z: zc });
      if (!p) continue;
      const w = (b.z1 - b.z0) * 0.5 * p.scale;
      ctx.globalAlpha = wet * 0.5 * (1 - fogAmount(palette, p.depth));
      ctx.drawImage(pool, p.x - w * 0.6, p.y - w * 0.15, w * 1.2, w * 0.3);
    }
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
  }

  drawables(fc: FrameContext): Drawable[] {
    const { view } = fc;
    const out: Drawable[] = [];
    for (const b of this.buildings) {
      if (b.z1 < view.position.z - 2) continue;
      out.push({
        depth: view.depthOf({ x: b.side * FACADE_X, y: 0, z: b.z0 }) + 30,
        draw: (f) => this.drawBuilding(f, b),
      });
    }
    for (const sign of this.signs) {
      if (sign.z < view.position.z + 0.5) continue;
      out.push({
        depth: view.depthOf({ x: sign.side * FACADE_X, y: 0, z: sign.z }),
        draw: (f) => this.drawSign(f, sign),
      });
    }
    for (const lamp of this.lamps) {
      if (lamp.z < view.position.z + 0.5) continue;
      out.push({
        depth: view.depthOf({ x: lamp.side * 4.9, y: 0, z: lamp.z }),
        draw: (f) => this.drawLamp(f, lamp),
      });
    }
    return out;
  }

  private quad(ctx: Ctx, view: View, pts: V3[], color: string): void {
    const ps = pts.map((p) => view.projectClamped(p));
    ctx.fillStyle = color;
    ctx.beginPath();
    for (const p of ps) ctx.lineTo(p.x, p.y);
    ctx.closePath();
    ctx.fill();
  }

  private drawBuilding(fc: FrameContext, b: Building): void {
    const { ctx, view, palette } = fc;
    const x = b.side * FACADE_X;
    const z0 = Math.max(b.z0, view.position.z + 0.3);
    if (z0 >= b.z1) return;
    const fog = fogAmount(palette, z0 - view.position.z);
    const wall = palette.night ? b.color : scaleRgb(mixRgb(b.color, hex('#8a8f99'), 0.6), 1.2);
    this.quad(
      ctx,
      view,
      [
        { x, y: 0, z: z0 },
        { x, y: b.height, z: z0 },
        { x, y: b.height, z: b.z1 },
        { x, y: 0, z: b.z1 },
      ],
      css(mixRgb(wall, palette.fog, fog)),
    );
    // Windows batched into one path per colour: hundreds of small quads cost little as a few fills.
    const groups = new Map<string, V3[][]>();
    for (const w of b.windows) {
      if (w.z < z0) continue;
      const color = w.lit
        ? css(mixRgb(w.lit, palette.fog, fog * 0.8))
        : css(mixRgb(scaleRgb(wall, 0.6), palette.fog, fog));
      const list = groups.get(color) ?? [];
      list.push([
        { x, y: w.y, z: w.z },
        { x, y: w.y + 1.6, z: w.z },
        { x, y: w.y + 1.6, z: w.z + 1.2 },
        { x, y: w.y, z: w.z + 1.2 },
      ]);
      groups.set(color, list);
    }
    for (const [color, quads] of groups) {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (const q of quads) {
        const ps = q.map((p) => view.project(p));
        if (ps.some((p) => !p)) continue;
        ctx.moveTo(ps[0]!.x, ps[0]!.y);
        for (const p of ps) ctx.lineTo(p!.x, p!.y);
        ctx.closePath();
      }
      ctx.fill();
    }
    // Shopfront: a bright ground-floor window, the main light source of the street.
    const shopZ0 = Math.max(z0, b.z0 + 0.6);
    if (shopZ0 < b.z1 - 0.6) {
      const glass = mixRgb(b.shop, hex('#fff4e0'), 0.55);
      const shop = mixRgb(
        palette.night ? scaleRgb(glass, 0.72) : scaleRgb(glass, 0.5),
        palette.fog,
        fog * 0.6,
      );
      this.quad(
        ctx,
        view,
        [
          { x, y: 0.3, z: shopZ0 },
          { x, y: 2.6, z: shopZ0 },
          { x, y: 2.6, z: b.z1 - 0.6 },
          { x, y: 0.3, z: b.z1 - 0.6 },
        ],
        css(shop),
      );
      // Mullions and a dark interior band break the glow into panes with things behind them.
      ctx.strokeStyle = css(mixRgb(scaleRgb(b.color, 0.7), palette.fog, fog));
      for (let z = shopZ0 + 1.4; z < b.z1 - 0.8; z += 1.4) {
        const a = view.project({ x, y: 0.3, z });
        const c = view.project({ x, y: 2.6, z });
        if (!a || !c) continue;
        ctx.lineWidth = Math.max(1, a.scale * 0.08);
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(c.x, c.y);
        ctx.stroke();
      }
      this.quad(
        ctx,
        view,
        [
          { x, y: 0.3, z: shopZ0 },
          { x, y: 1.0, z: shopZ0 },
          { x, y: 1.0, z: b.z1 - 0.6 },
          { x, y: 0.3, z: b.z1 - 0.6 },
        ],
        css(mixRgb(scaleRgb(shop, 0.45), palette.fog, fog * 0.5)),
      );
      this.quad(
        ctx,
        view,
        [
          { x, y: 3.0, z: shopZ0 },
          { x: x - b.side * 1.3, y: 2.7, z: shopZ0 },
          { x: x - b.side * 1.3, y: 2.7, z: b.z1 - 0.6 },
          { x, y: 3.0, z: b.z1 - 0.6 },
        ],
        css(mixRgb(scaleRgb(b.color, 0.8), palette.fog, fog)),
      );
    }
  }

  /** A sign is a plane across the pavement, facing along the street; mirrored = its wet reflection. */
  private drawSignQuad(ctx: Ctx, view: View, sign: Sign, mirrored: boolean): void {
    const inner = sign.side * (FACADE_X - 0.15 - sign.width);
    const outer = sign.side * (FACADE_X - 0.15);
    const [left, right] = sign.side < 0 ? [outer, inner] : [inner, outer];
    const m = mirrored ? -1 : 1;
    // Signs are double-sided: from behind (a camera looking back down the street) the face on that
    // side reads left to right too.
    const [l, r] = view.position.z > sign.z ? [right, left] : [left, right];
    const tl = view.project({ x: l, y: sign.y1 * m, z: sign.z });
    const tr = view.project({ x: r, y: sign.y1 * m, z: sign.z });
    const bl = view.project({ x: l, y: sign.y0 * m, z: sign.z });
    if (!tl || !tr || !bl) return;
    const w = sign.image.width;
    const h = sign.image.height;
    ctx.save();
    // Affine map of the image onto the projected plane (exact for planes facing the camera).
    ctx.transform((tr.x - tl.x) / w, (tr.y - tl.y) / w, (bl.x - tl.x) / h, (bl.y - tl.y) / h, tl.x, tl.y);
    ctx.drawImage(sign.image, 0, 0);
    ctx.restore();
  }

  private drawSign(fc: FrameContext, sign: Sign): void {
    const { ctx, view, palette } = fc;
    const fog = fogAmount(palette, sign.z - view.position.z);
    const centre = view.project({
      x: sign.side * (FACADE_X - 0.15 - sign.width / 2),
      y: (sign.y0 + sign.y1) / 2,
      z: sign.z,
    });
    if (!centre) return;
    if (palette.night) {
      const glow = fc.sprites.get(`neon-${css(sign.color)}`, () => radialSprite(128, sign.color, 1.2));
      const r = Math.max(sign.y1 - sign.y0, sign.width * 0.7) * centre.scale;
      ctx.globalCompositeOperation = 'lighter';
      ctx.globalAlpha = 0.35 * (1 - fog);
      ctx.drawImage(glow, centre.x - r, centre.y - r, 2 * r, 2 * r);
      ctx.globalCompositeOperation = 'source-over';
    }
    ctx.globalAlpha = clamp(1 - fog * 0.9, 0, 1);
    this.drawSignQuad(ctx, view, sign, false);
    ctx.globalAlpha = 1;
  }

  private drawLamp(fc: FrameContext, lamp: { side: -1 | 1; z: number }): void {
    const { ctx, view, palette } = fc;
    const x = lamp.side * 4.9;
    const foot = view.project({ x, y: 0, z: lamp.z });
    const top = view.project({ x, y: 5.5, z: lamp.z });
    const arm = view.project({ x: x - lamp.side * 1.2, y: 5.6, z: lamp.z });
    if (!foot || !top || !arm) return;
    const fog = fogAmount(palette, foot.depth);
    ctx.strokeStyle = css(mixRgb(hex('#2b2d33'), palette.fog, fog));
    ctx.lineWidth = Math.max(1, 0.12 * foot.scale);
    ctx.beginPath();
    ctx.moveTo(foot.x, foot.y);
    ctx.lineTo(top.x, top.y);
    ctx.lineTo(arm.x, arm.y);
    ctx.stroke();
    if (palette.night) {
      const glow = fc.sprites.get('lamp-glow', () => radialSprite(128, hex('#ffd9a0'), 1));
      const r = 2.2 * arm.scale;
      ctx.globalCompositeOperation = 'lighter';
      ctx.globalAlpha = 0.6 * (1 - fog);
      ctx.drawImage(glow, arm.x - r, arm.y - r, 2 * r, 2 * r);
      ctx.globalAlpha = 1;
      ctx.globalCompositeOperation = 'source-over';
    }
  }
}

/** A vertical neon sign of stacked letters hanging from a facade, its top `y0` + its length. */
function verticalSign(word: string, color: Rgb, side: -1 | 1, z: number, y0: number): Sign {
  const length = [...word].length;
  const latin = /^[\x20-\x7e]+$/.test(word);
  const width = 0.95;
  // Long words get smaller letters so no sign grows past about six metres.
  const charH = Math.min(latin ? 0.75 : 0.9, 5.5 / length);
  const tall = latin ? charH * length * 0.95 + 0.5 : charH * length + 0.5;
  return { side, z, y0, y1: y0 + tall, width, image: signImage(word, color, width, tall), color };
}

/**
 * A horizontal neon sign projecting from a facade over the pavement (and, in a narrow street, a little
 * over the road), for strings too long to stack: up to two lines, at most about four metres wide.
 */
function horizontalSign(word: string, color: Rgb, side: -1 | 1, z: number): Sign {
  const pxPerM = 120;
  const fitted = fitText(canvasMeasurer(), word, {
    maxWidth: 3.6 * pxPerM,
    maxLines: 2,
    maxSize: 0.55 * pxPerM,
    minSize: 0.3 * pxPerM,
  });
  const measure = canvasMeasurer()(fitted.font, 0);
  const lineH = fitted.size * 1.2;
  const w = Math.ceil(Math.max(...fitted.lines.map(measure)) + fitted.size * 1.2);
  const h = Math.ceil(lineH * fitted.lines.length + fitted.size * 0.8);
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  g.fillStyle = css(scaleRgb(color, 0.12));
  g.fillRect(0, 0, w, h);
  g.strokeStyle = css(color);
  g.lineWidth = 6;
  g.shadowColor = css(color);
  g.shadowBlur = 14;
  g.strokeRect(8, 8, w - 16, h - 16);
  g.font = fitted.font;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const y = (i: number) => h / 2 + (i - (fitted.lines.length - 1) / 2) * lineH;
  g.fillStyle = css(mixRgb(color, hex('#ffffff'), 0.55));
  fitted.lines.forEach((line, i) => g.fillText(line, w / 2, y(i)));
  g.shadowBlur = 0;
  g.fillStyle = css(hex('#ffffff'), 0.9);
  fitted.lines.forEach((line, i) => g.fillText(line, w / 2, y(i)));
  // Hung just above the shopfront awnings, low enough to sit in an eye-level frame.
  return { side, z, y0: 3.1, y1: 3.1 + h / pxPerM, width: w / pxPerM, image: toImage(c), color };
}

/** Pre-renders a vertical neon sign: dark panel, glowing border and stacked lettering. */
function signImage(word: string, color: Rgb, widthM: number, heightM: number): Image {
  const pxPerM = 120;
  const w = Math.round(widthM * pxPerM);
  const h = Math.round(heightM * pxPerM);
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  const font = ensureFonts();
  g.fillStyle = css(scaleRgb(color, 0.12));
  g.fillRect(0, 0, w, h);
  g.strokeStyle = css(color);
  g.lineWidth = 6;
  g.shadowColor = css(color);
  g.shadowBlur = 14;
  g.strokeRect(8, 8, w - 16, h - 16);
  const chars = [...word];
  const latin = /^[\x20-\x7e]+$/.test(word);
  const cell = (h - 40) / chars.length;
  g.font = `bold ${Math.round(Math.min(w * 0.72, cell * 0.86))}px ${font}`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillStyle = css(mixRgb(color, hex('#ffffff'), 0.55));
  chars.forEach((ch, i) => g.fillText(latin ? ch.toUpperCase() : ch, w / 2, 20 + cell * (i + 0.5)));
  g.shadowBlur = 0;
  g.fillStyle = css(hex('#ffffff'), 0.9);
  chars.forEach((ch, i) => g.fillText(latin ? ch.toUpperCase() : ch, w / 2, 20 + cell * (i + 0.5)));
  return toImage(c);
}
