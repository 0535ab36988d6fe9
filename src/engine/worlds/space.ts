/**
 * Outer space: a deep field of stars, a nebula glowing across it, a hard white star for the key
 * light, and a planet with oceans, continents, cloud and a bright atmospheric rim, lit from the
 * same star. All of it lies at infinity and turns slowly (the drift), so a still camera still
 * floats. When people or vehicles are in the shot they stand on the deck of a station: a plated
 * platform edged with marker lights.
 *
 * Conventions: the deck, when there is one, is level at y = 0 around the director's stage.
 */
import { createCanvas, type Image } from '../canvas.ts';
import type { Entity, Shot } from '../../plan/index.ts';
import { isAirborne } from '../../plan/motion.ts';
import { clamp, smoothstep } from '../../lib/math.ts';
import { hash01, rng } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fbm2 } from '../noise.ts';
import { shade } from '../palette.ts';
import { radialSprite, toImage } from '../sprites.ts';
import { cross, normalize, type V3 } from '../vec.ts';
import { shotFootprint } from './footprint.ts';
import { straightLinePose } from './placement.ts';
import { fillPolygon, projectPolygon } from '../polygon.ts';
import { drawStars } from './sky.ts';

/** The sky's slow turn, radians a second. */
const DRIFT = 0.012;
const NEBULAE: readonly (readonly [string, string])[] = [
  ['#c2389a', '#2fb3c9'],
  ['#e0683a', '#6a3bc9'],
  ['#3a7be0', '#c93b6a'],
];
const OCEANS = ['#1d4f8a', '#1f6a7a', '#7a4a2a', '#5a3a7a'].map(hex);
const LANDS = ['#6a7a3a', '#a0824a', '#c9a070', '#3a4a6a'].map(hex);

interface Deck {
  readonly x0: number;
  readonly x1: number;
  readonly z0: number;
  readonly z1: number;
}

export class SpaceWorld implements World {
  private readonly planetDir: V3;
  private readonly nebulaDir: V3;
  private readonly planetRadius: number;
  private deck: Deck | null | undefined;

  constructor(
    private readonly seed: number,
    private readonly shot: Shot,
  ) {
    const r = rng(seed, 'space');
    // The planet hangs on the side away from the key star (upper left, see palette.ts), so its
    // sunlit crescent faces into the frame; the nebula fills the sky beside the star.
    const side = 1;
    this.planetDir = normalize({ x: side * (0.35 + r() * 0.25), y: -0.28 - r() * 0.15, z: 1 });
    this.nebulaDir = normalize({ x: -side * (0.2 + r() * 0.3), y: 0.15 + r() * 0.2, z: 1 });
    this.planetRadius = 0.3 + r() * 0.12;
  }

  place(entity: Entity, t: number): Pose {
    return straightLinePose(entity, t);
  }

  /** The station deck, sized to hold everyone standing in the shot, or none when no one stands. */
  private stationDeck(): Deck | null {
    if (this.deck !== undefined) return this.deck;
    const standing = this.shot.entities.filter((e) => !isAirborne(e.kind));
    if (standing.length === 0) return (this.deck = null);
    const { camera, entities } = shotFootprint(this.shot, this.seed, (e, t) => this.place(e, t));
    const pts = [...camera, ...entities];
    const xs = pts.map((p) => p.x);
    const zs = entities.map((p) => p.z);
    return (this.deck = {
      x0: Math.min(...xs) - 6,
      x1: Math.max(...xs) + 6,
      z0: Math.min(...camera.map((p) => p.z)) - 4,
      z1: Math.max(...zs) + 7,
    });
  }

  /** A direction on the slowly turning sky, as the camera sees it at time t. */
  private turned(dir: V3, t: number): V3 {
    const a = DRIFT * t;
    return {
      x: dir.x * Math.cos(a) - dir.z * Math.sin(a),
      y: dir.y,
      z: dir.x * Math.sin(a) + dir.z * Math.cos(a),
    };
  }

  background(fc: FrameContext): void {
    const { ctx, width, height, palette } = fc;
    const m = Math.max(width, height) * 0.2;
    ctx.fillStyle = css(palette.skyTop);
    ctx.fillRect(-m, -m, width + 2 * m, height + 2 * m);
    this.drawNebula(fc);
    drawStars(fc, 2600, 1, false, DRIFT);
    this.drawStar(fc);
    this.drawPlanet(fc);
    this.drawDeck(fc);
  }

  drawables(): Drawable[] {
    return [];
  }

  private atInfinity(fc: FrameContext, dir: V3): { x: number; y: number } | undefined {
    const { view } = fc;
    const d = this.turned(dir, fc.t);
    return view.project({
      x: view.position.x + d.x * 1e5,
      y: view.position.y + d.y * 1e5,
      z: view.position.z + d.z * 1e5,
    });
  }

  private drawNebula(fc: FrameContext): void {
    const p = this.atInfinity(fc, this.nebulaDir);
    if (!p) return;
    const { ctx, view } = fc;
    const colors = NEBULAE[Math.floor(hash01(this.seed, 5) * NEBULAE.length)]!;
    const sprite = fc.sprites.get(`nebula-${this.seed}`, () =>
      nebulaSprite(this.seed, hex(colors[0]), hex(colors[1])),
    );
    const w = view.focal * 2;
    ctx.globalCompositeOperation = 'lighter';
    ctx.globalAlpha = 0.85;
    ctx.drawImage(sprite, p.x - w / 2, p.y - w / 2, w, w);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
  }

  private drawStar(fc: FrameContext): void {
    const p = this.atInfinity(fc, fc.palette.sunDir);
    if (!p) return;
    const { ctx, height } = fc;
    const glow = fc.sprites.get('space-star', () => radialSprite(256, hex('#fff6e8'), 0.9));
    ctx.globalCompositeOperation = 'lighter';
    for (const [r, a] of [
      [height * 0.5, 0.35],
      [height * 0.08, 1],
      [height * 0.03, 1],
    ] as const) {
      ctx.globalAlpha = a;
      ctx.drawImage(glow, p.x - r, p.y - r, 2 * r, 2 * r);
    }
    // A thin horizontal flare across the lens, inside a fainter, wider streak, both long enough
    // to thin away to nothing rather than stop.
    ctx.globalAlpha = 0.12;
    ctx.drawImage(glow, p.x - height * 0.8, p.y - height * 0.02, height * 1.6, height * 0.04);
    ctx.globalAlpha = 0.35;
    ctx.drawImage(glow, p.x - height, p.y - height * 0.006, height * 2, height * 0.012);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
  }

  private drawPlanet(fc: FrameContext): void {
    const p = this.atInfinity(fc, this.planetDir);
    const { ctx, view, palette } = fc;
    if (!p) return;
    const r = view.focal * Math.tan(this.planetRadius);
    const sprite = fc.sprites.get(`planet-${this.seed}`, () =>
      planetSprite(this.seed, this.lightInDisc(palette.sunDir), this.shot.description),
    );
    // The sprite holds the disc and its atmospheric halo (1.12 radii).
    const s = r * 1.12;
    ctx.drawImage(sprite, p.x - s, p.y - s, 2 * s, 2 * s);
  }

  /** The star's direction in the planet disc's own frame: x right, y up, z toward the viewer. */
  private lightInDisc(sun: V3): V3 {
    const P = this.planetDir;
    const right = normalize(cross({ x: 0, y: 1, z: 0 }, P));
    const up = cross(P, right);
    return normalize({
      x: sun.x * right.x + sun.y * right.y + sun.z * right.z,
      y: sun.x * up.x + sun.y * up.y + sun.z * up.z,
      z: -(sun.x * P.x + sun.y * P.y + sun.z * P.z),
    });
  }

  /** The station deck: plates with seams, a darker edge band, and marker lights blinking along it. */
  private drawDeck(fc: FrameContext): void {
    const deck = this.stationDeck();
    if (!deck) return;
    const { ctx, view, palette, t } = fc;
    const { x0, x1, z0, z1 } = deck;
    const plate = hex('#8a9099');
    const top = shade(palette, plate, palette.sunDir.y, 0);
    fillPolygon(
      ctx,
      view,
      [
        { x: x0, y: 0, z: z0 },
        { x: x1, y: 0, z: z0 },
        { x: x1, y: 0, z: z1 },
        { x: x0, y: 0, z: z1 },
      ],
      css(top),
    );
    // A bright rim along the far edge, where the plates catch the star: the deck ends there.
    fillPolygon(
      ctx,
      view,
      [
        { x: x0, y: 0.01, z: z1 - 0.25 },
        { x: x1, y: 0.01, z: z1 - 0.25 },
        { x: x1, y: 0.01, z: z1 },
        { x: x0, y: 0.01, z: z1 },
      ],
      css(shade(palette, hex('#c9ced6'), 1, 0)),
    );
    ctx.strokeStyle = css(scaleRgb(top, 0.7));
    ctx.lineWidth = Math.max(1, fc.unit);
    ctx.beginPath();
    for (let x = Math.ceil(x0 / 2) * 2; x <= x1; x += 2) {
      const seg = projectPolygon(view, [
        { x, y: 0.005, z: z0 },
        { x, y: 0.005, z: z1 },
        { x, y: 0.005, z: z0 },
      ]);
      if (!seg) continue;
      ctx.moveTo(seg[0]!.x, seg[0]!.y);
      ctx.lineTo(seg[1]!.x, seg[1]!.y);
    }
    for (let z = Math.ceil(z0 / 2) * 2; z <= z1; z += 2) {
      const a = view.project({ x: x0, y: 0.005, z });
      const b = view.project({ x: x1, y: 0.005, z });
      if (!a || !b) continue;
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    }
    ctx.stroke();
    const glow = fc.sprites.get('deck-light', () => radialSprite(64, hex('#ff5a3a'), 1.2));
    ctx.globalCompositeOperation = 'lighter';
    for (let x = Math.ceil(x0); x <= x1; x += 1.5) {
      const p = view.project({ x, y: 0.02, z: z1 });
      if (!p) continue;
      const on = 0.35 + 0.65 * clamp(Math.sin(t * 3 - x * 0.5) * 2, 0, 1);
      const r = Math.max(2, 0.25 * p.scale);
      ctx.globalAlpha = on;
      ctx.drawImage(glow, p.x - r, p.y - r, 2 * r, 2 * r);
    }
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
  }
}

/** A nebula: many soft overlapping clouds in two hues with darker dust between them. */
function nebulaSprite(seed: number, a: Rgb, b: Rgb): Image {
  const size = 512;
  const c = createCanvas(size, size);
  const g = c.getContext('2d');
  const random = rng(seed, 'nebula');
  g.globalCompositeOperation = 'lighter';
  for (let i = 0; i < 70; i++) {
    // Clouds gather along a curved filament across the sprite.
    const u = random();
    const x = size * (0.22 + 0.56 * u) + (random() - 0.5) * size * 0.18;
    const y = size * (0.5 + 0.16 * Math.sin(u * 5 + seed)) + (random() - 0.5) * size * 0.16;
    const r = size * (0.05 + random() * 0.14);
    const color = mixRgb(a, b, smoothstep(0.2, 0.8, u + (random() - 0.5) * 0.3));
    const grad = g.createRadialGradient(x, y, 0, x, y, r);
    grad.addColorStop(0, css(color, 0.16));
    grad.addColorStop(0.5, css(color, 0.06));
    grad.addColorStop(1, css(color, 0));
    g.fillStyle = grad;
    g.fillRect(0, 0, size, size);
  }
  // Clouds near the sprite's border would be cut by it in straight lines: fade the whole sprite out
  // toward its edge so the nebula dissolves softly into the dark wherever it lies in frame.
  g.globalCompositeOperation = 'destination-in';
  const fade = g.createRadialGradient(size / 2, size / 2, 0, size / 2, size / 2, size / 2);
  for (let i = 0; i <= 8; i++) {
    const r = i / 8;
    // Flat in the heart, then a long smooth shoulder down to nothing at the rim.
    fade.addColorStop(r, `rgba(0,0,0,${(1 - smoothstep(0.2, 1, r)).toFixed(3)})`);
  }
  g.fillStyle = fade;
  g.fillRect(0, 0, size, size);
  g.globalCompositeOperation = 'lighter';
  // Bright knots where stars are being born.
  for (let i = 0; i < 5; i++) {
    // Inside the bright heart of the cloud, not out in its faded edge.
    const x = size * (0.32 + random() * 0.36);
    const y = size * (0.4 + random() * 0.2);
    const r = size * (0.004 + random() * 0.008);
    const grad = g.createRadialGradient(x, y, 0, x, y, r);
    grad.addColorStop(0, css(hex('#ffffff'), 0.8));
    grad.addColorStop(1, css(hex('#ffffff'), 0));
    g.fillStyle = grad;
    g.fillRect(0, 0, size, size);
  }
  return toImage(c);
}

/** A lit planet: oceans, continents, cloud, a soft terminator and a glowing rim on the sunlit limb. */
function planetSprite(seed: number, light: V3, description: string): Image {
  const size = 512;
  const c = createCanvas(size, size);
  const g = c.getContext('2d');
  const img = g.createImageData(size, size);
  // A colour named in the prompt wins ("a blue planet", "a red planet"); otherwise the seed picks.
  const named = /blue|蓝/i.test(description) ? 0 : /red|mars|红|火星/i.test(description) ? 2 : -1;
  const ocean = OCEANS[named >= 0 ? named : Math.floor(hash01(seed, 11) * OCEANS.length)]!;
  const land = LANDS[Math.floor(hash01(seed, 12) * LANDS.length)]!;
  const rim = hex('#8fc4ff');
  const R = size / 2 / 1.12;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const u = (px - size / 2) / R;
      const v = -(py - size / 2) / R;
      const d2 = u * u + v * v;
      const i = (py * size + px) * 4;
      if (d2 > 1) {
        // The atmosphere's halo beyond the limb, brightest on the lit side.
        const d = Math.sqrt(d2);
        const halo = Math.pow(clamp(1 - (d - 1) / 0.12, 0, 1), 2.5);
        const side = clamp((u * light.x + v * light.y) / d + 0.3, 0, 1);
        const a = halo * side * 0.9;
        img.data[i] = rim[0];
        img.data[i + 1] = rim[1];
        img.data[i + 2] = rim[2];
        img.data[i + 3] = Math.round(a * 255);
        continue;
      }
      const w = Math.sqrt(1 - d2);
      // Texture on the sphere: longitude/latitude from the normal, so features wrap round the limb.
      const lon = Math.atan2(u, w) * 2;
      const lat = Math.asin(v) * 2;
      const continent = smoothstep(0.5, 0.56, fbm2(seed + 31, lon + 4, lat + 4, 5));
      const cloud = smoothstep(0.5, 0.75, fbm2(seed + 37, lon * 1.6 + 9, lat * 3 + 9, 4));
      let col = mixRgb(ocean, land, continent);
      col = mixRgb(col, hex('#f4f6fa'), cloud * 0.85);
      const ndl = u * light.x + v * light.y + w * light.z;
      const lit = smoothstep(-0.15, 0.35, ndl) * (0.35 + 0.75 * clamp(ndl, 0, 1)) + 0.03;
      col = scaleRgb(col, lit);
      // Scattering in the air near the limb: blue haze on the day side.
      const limb = Math.pow(1 - w, 3) * smoothstep(-0.2, 0.3, ndl);
      col = mixRgb(col, rim, limb * 0.8);
      img.data[i] = clamp(col[0], 0, 255);
      img.data[i + 1] = clamp(col[1], 0, 255);
      img.data[i + 2] = clamp(col[2], 0, 255);
      img.data[i + 3] = 255;
    }
  }
  g.putImageData(img, 0, 0);
  return toImage(c);
}
