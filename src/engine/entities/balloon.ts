/**
 * A hot-air balloon: a tall envelope of coloured gores (a teardrop of revolution, 20 m high), a
 * wicker basket hung 4 m under its mouth on cables, and the burner's flame when it fires. It drifts
 * along its heading at the altitude it was staged at, rising and sinking gently, the burner firing
 * for a second every few seconds, and turns slowly about its axis as balloons do, so the gores slide
 * past.
 *
 * The envelope is drawn as facets of its surface of revolution, those facing the camera sorted far
 * to near and lit by their normals, so it holds its shape from the side, from below and from above.
 */
import type { Entity } from '../../plan/index.ts';
import { hash01, hashString } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, scaleRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext } from '../frame.ts';
import { shade } from '../palette.ts';
import { add, type V3 } from '../vec.ts';

/** Envelope height and widest radius, metres at scale 1 (a common 2,800 m³ balloon). */
const HEIGHT = 20;
const RADIUS = 8.2;
const GORES = 12;
const LEVELS = 14;
/** The basket hangs this far under the envelope's mouth. */
const DROP = 4;
const WICKER = hex('#7a5532');

/** Envelope colour schemes when the plan gives none: primary and secondary gores. */
const SCHEMES: readonly (readonly [string, string])[] = [
  ['#d8342b', '#f2c14a'],
  ['#2f6fc4', '#f1efe6'],
  ['#e2732a', '#6a2c82'],
  ['#2e9e62', '#f4d35e'],
  ['#c7264f', '#f1efe6'],
  ['#f2b233', '#2b4f9e'],
];

/** Radius of the envelope at height fraction h (0 at the mouth, 1 at the crown), at scale 1. */
function envelopeRadius(h: number): number {
  // A narrow mouth flaring into the body, widest at 62% of the height, then a rounded crown.
  if (h >= 0.62) return RADIUS * Math.sqrt(Math.max(0, 1 - ((h - 0.62) / 0.38) ** 2));
  const u = h / 0.62;
  return RADIUS * (0.2 + 0.8 * Math.sin((u * Math.PI) / 2) ** 1.3);
}

/** Where the balloon is at t: its mouth's centre, how far it has turned, and whether the burner fires. */
function balloonPose(entity: Entity, pose: Pose, t: number): { mouth: V3; spin: number; burning: boolean } {
  const seed = (hashString(entity.id) % 1000) / 1000;
  const k = entity.traits.scale;
  // The pilot fires the burner for a second or so every few seconds; each balloon on its own rhythm.
  const cycle = 4 + seed * 3;
  const phase = (t + seed * cycle) % cycle;
  const burning = phase < 1.1;
  const bob = Math.sin((2 * Math.PI * (t + seed * 10)) / 9) * 0.6 * k;
  return {
    mouth: add(pose.position, { x: 0, y: DROP * k + bob, z: 0 }),
    spin: seed * Math.PI * 2 + t * 0.05,
    burning,
  };
}

export function balloonDrawables(fc: FrameContext, entity: Entity, pose: Pose): Drawable[] {
  const { mouth, spin, burning } = balloonPose(entity, pose, fc.t);
  const k = entity.traits.scale;
  const centre = add(mouth, { x: 0, y: HEIGHT * 0.55 * k, z: 0 });
  const depth = fc.view.depthOf(centre);
  if (depth < 2) return [];
  return [{ depth, draw: (f) => drawBalloon(f, entity, mouth, spin, burning) }];
}

function drawBalloon(fc: FrameContext, entity: Entity, mouth: V3, spin: number, burning: boolean): void {
  const { ctx, view, palette, t } = fc;
  const k = entity.traits.scale;
  const key = hashString(entity.id);
  const scheme = SCHEMES[Math.floor(hash01(key, 3) * SCHEMES.length)]!;
  const primary = hex(entity.traits.color ?? scheme[0]);
  const secondary = hex(entity.traits.secondaryColor ?? scheme[1]);
  const distance = view.depthOf(mouth);
  const tone = (c: Rgb, ndl: number): string => css(shade(palette, c, ndl, distance));

  const mouthP = view.project(mouth);
  const basketTop = view.project(add(mouth, { x: 0, y: (1.1 - DROP) * k, z: 0 }));
  const basketBottom = view.project(add(mouth, { x: 0, y: -DROP * k, z: 0 }));
  if (!mouthP) return;
  const basket = () => {
    if (!basketTop || !basketBottom) return;
    const halfW = 0.65 * k * basketTop.scale;
    const mouthR = envelopeRadius(0) * k * mouthP.scale;
    ctx.strokeStyle = tone(hex('#2a2520'), 0.3);
    ctx.lineWidth = Math.max(0.5, 0.04 * k * basketTop.scale);
    ctx.beginPath();
    for (const side of [-1, -0.35, 0.35, 1]) {
      ctx.moveTo(mouthP.x + side * mouthR * 0.95, mouthP.y);
      ctx.lineTo(basketTop.x + side * halfW, basketTop.y);
    }
    ctx.stroke();
    ctx.fillStyle = tone(WICKER, 0.45);
    ctx.fillRect(basketTop.x - halfW, basketTop.y, halfW * 2, basketBottom.y - basketTop.y);
    ctx.fillStyle = tone(scaleRgb(WICKER, 0.6), 0.3);
    ctx.fillRect(
      basketTop.x - halfW,
      basketTop.y,
      halfW * 2,
      Math.max(1, (basketBottom.y - basketTop.y) * 0.18),
    );
    // The burner's flame, when it fires: a tongue of yellow-white light up into the mouth.
    if (burning) {
      const flicker = 0.75 + 0.25 * hash01(key, Math.floor(t * 20));
      const tipY = mouthP.y + (basketTop.y - mouthP.y) * 0.15;
      const baseY = basketTop.y - (basketTop.y - mouthP.y) * 0.1;
      const w = Math.max(1, mouthR * 0.3);
      ctx.save();
      ctx.globalCompositeOperation = 'lighter';
      ctx.fillStyle = css(hex('#ffb347'), 0.85 * flicker);
      ctx.beginPath();
      ctx.moveTo(basketTop.x - w * 0.4, baseY);
      ctx.quadraticCurveTo(mouthP.x - w, (tipY + baseY) / 2, mouthP.x, tipY);
      ctx.quadraticCurveTo(mouthP.x + w, (tipY + baseY) / 2, basketTop.x + w * 0.4, baseY);
      ctx.closePath();
      ctx.fill();
      ctx.restore();
    }
  };

  // The envelope: facets of the surface of revolution, those facing the camera, far to near, each lit
  // by its normal. Each gore is two columns of facets, so the curve reads smoothly.
  const columns = GORES * 2;
  const eye = view.position;
  const facets: { depth: number; pts: { x: number; y: number }[]; colour: string }[] = [];
  const at = (h: number, b: number): V3 => {
    const r = envelopeRadius(h) * k;
    return add(mouth, { x: Math.sin(b) * r, y: h * HEIGHT * k, z: Math.cos(b) * r });
  };
  for (let c = 0; c < columns; c++) {
    const b0 = spin + (c / columns) * Math.PI * 2;
    const b1 = spin + ((c + 1) / columns) * Math.PI * 2;
    const bm = (b0 + b1) / 2;
    const gore = Math.floor(c / 2) % 2 === 0 ? primary : secondary;
    for (let i = 0; i < LEVELS; i++) {
      const h0 = i / LEVELS;
      const h1 = (i + 1) / LEVELS;
      const hm = (h0 + h1) / 2;
      // Outward normal of the surface at the facet's middle: (sin b, −dr/dy, cos b), normalised.
      const slope = (envelopeRadius(h1) - envelopeRadius(h0)) / ((h1 - h0) * HEIGHT);
      const len = Math.hypot(1, slope);
      const normal = { x: Math.sin(bm) / len, y: -slope / len, z: Math.cos(bm) / len };
      const centre = at(hm, bm);
      const toEye = { x: eye.x - centre.x, y: eye.y - centre.y, z: eye.z - centre.z };
      // The far side shows only from below, through the open mouth, as the envelope's dark inside.
      const inside = normal.x * toEye.x + normal.y * toEye.y + normal.z * toEye.z <= 0;
      if (inside && eye.y >= mouth.y) continue;
      const corners = [at(h0, b0), at(h0, b1), at(h1, b1), at(h1, b0)].map((p) => view.project(p));
      if (corners.some((p) => !p)) continue;
      const sun = palette.sunDir;
      const ndl = normal.x * sun.x + normal.y * sun.y + normal.z * sun.z;
      facets.push({
        depth: view.depthOf(centre),
        pts: corners as { x: number; y: number }[],
        colour: inside ? tone(scaleRgb(gore, 0.45), 0.2) : tone(gore, 0.15 + 0.85 * Math.max(0, ndl)),
      });
    }
  }
  facets.sort((a, b) => b.depth - a.depth);
  // Seen from below, the basket hangs between the camera and the envelope.
  const below = eye.y < mouth.y;
  if (!below) basket();
  ctx.lineWidth = 0.8;
  ctx.lineJoin = 'round';
  for (const f of facets) {
    ctx.fillStyle = f.colour;
    ctx.strokeStyle = f.colour;
    ctx.beginPath();
    for (const p of f.pts) ctx.lineTo(p.x, p.y);
    ctx.closePath();
    ctx.fill();
    // Stroked in its own colour: neighbouring facets' antialiased edges would leave hairline seams.
    ctx.stroke();
  }
  if (below) basket();
}
