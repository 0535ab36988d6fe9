/**
 * Small things scattered over the ground near the lens (stones, scrub, grass, ferns): a jittered grid
 * whose cells are a pure function of (seed, cell), so props never swim as the camera moves, and the
 * few shapes the worlds share to draw them.
 */
import { clamp } from '../../lib/math.ts';
import { hash01, mix } from '../../lib/random.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { FrameContext } from '../frame.ts';
import { fogAmount, shade } from '../palette.ts';
import type { V3 } from '../vec.ts';
import type { View } from '../view.ts';

export interface Scattered {
  readonly key: number;
  readonly x: number;
  readonly z: number;
}

/**
 * Cells of `cell` metres within `range` ahead of the camera; `density` of them hold a prop. The
 * caller drops the ones it does not want (on a road, in the water).
 */
export function scatter(
  view: View,
  seed: number,
  salt: number,
  cell: number,
  range: number,
  density: number,
): Scattered[] {
  const out: Scattered[] = [];
  const fwd = Math.hypot(view.forward.x, view.forward.z) || 1;
  const cx0 = Math.floor((view.position.x - range) / cell);
  const cz0 = Math.floor((view.position.z - range) / cell);
  const n = Math.ceil((2 * range) / cell);
  for (let cz = cz0; cz < cz0 + n; cz++) {
    for (let cx = cx0; cx < cx0 + n; cx++) {
      const key = mix(seed, cx, cz, salt);
      if (hash01(key, 0) > density) continue;
      const x = (cx + hash01(key, 1)) * cell;
      const z = (cz + hash01(key, 2)) * cell;
      const ahead = ((x - view.position.x) * view.forward.x + (z - view.position.z) * view.forward.z) / fwd;
      // Behind the lens, or outside the frame's wedge (with a margin for props that lean in).
      if (ahead < 1 || ahead > range) continue;
      const side =
        Math.abs((x - view.position.x) * view.forward.z - (z - view.position.z) * view.forward.x) / fwd;
      if (side > view.halfWidthAt(ahead) * 1.3 + 3) continue;
      out.push({ key, x, z });
    }
  }
  return out;
}

/** A shadow on the ground away from the sun, the ground's own colour unlit: longer as the sun sinks. */
export function groundShadow(fc: FrameContext, base: V3, size: number, ground: Rgb): void {
  const { ctx, view, palette } = fc;
  const sun = palette.sunDir;
  if (sun.y <= 0.02 || palette.keyStrength < 0.3) return;
  const len = clamp(size / Math.tan(Math.asin(clamp(sun.y, 0.05, 1))), size * 0.6, size * 5);
  const h = Math.hypot(sun.x, sun.z) || 1;
  const a = view.project(base);
  const b = view.project({ x: base.x - (sun.x / h) * len, y: base.y, z: base.z - (sun.z / h) * len });
  if (!a || !b) return;
  ctx.strokeStyle = css(shade(palette, ground, 0, a.depth), 0.45 * palette.keyStrength);
  ctx.lineCap = 'round';
  ctx.lineWidth = Math.max(1, size * 0.7 * a.scale);
  ctx.beginPath();
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(b.x, b.y);
  ctx.stroke();
}

/** A low stone, lit on the side toward the sun. */
export function drawStone(fc: FrameContext, base: V3, size: number, key: number, albedo: Rgb): void {
  const { ctx, view, palette } = fc;
  const p = view.project(base);
  if (!p) return;
  const w = size * p.scale * (1 + hash01(key, 5));
  const h = size * p.scale * 0.7;
  const lit = shade(palette, albedo, 0.9, p.depth);
  const dark = shade(palette, mixRgb(albedo, hex('#000000'), 0.35), 0.1, p.depth);
  const g = ctx.createLinearGradient(p.x - w, 0, p.x + w, 0);
  const litLeft = palette.sunDir.x * view.right.x + palette.sunDir.z * view.right.z < 0;
  g.addColorStop(0, css(litLeft ? lit : dark));
  g.addColorStop(1, css(litLeft ? dark : lit));
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.ellipse(p.x, p.y - h * 0.45, w, h, 0, Math.PI, 0);
  ctx.lineTo(p.x + w, p.y);
  ctx.lineTo(p.x - w, p.y);
  ctx.fill();
}

/**
 * A tuft of blades or twigs fanning up from one root (dry scrub, marram grass, fern), swaying in the
 * wind by a little each.
 */
export function drawTuft(
  fc: FrameContext,
  base: V3,
  size: number,
  key: number,
  albedo: Rgb,
  blades = 9,
  spread = 2.2,
  widthM = 0.03,
): void {
  const { ctx, view, palette } = fc;
  const p = view.project(base);
  if (!p) return;
  const fog = fogAmount(palette, p.depth);
  ctx.strokeStyle = css(mixRgb(shade(palette, albedo, 0.6, 0), palette.fog, fog));
  ctx.lineWidth = Math.max(0.7, widthM * p.scale);
  ctx.lineCap = 'round';
  ctx.beginPath();
  const sway = Math.sin(fc.t * 2.3 + hash01(key, 6) * 6) * 0.06;
  for (let i = 0; i < blades; i++) {
    const a = -Math.PI / 2 + (i / Math.max(1, blades - 1) - 0.5) * spread + (hash01(key, 10 + i) - 0.5) * 0.3;
    const r = size * (0.6 + hash01(key, 30 + i) * 0.5) * p.scale;
    const tip = a + sway * (1 + hash01(key, 50 + i));
    ctx.moveTo(p.x, p.y);
    ctx.quadraticCurveTo(
      p.x + Math.cos(a) * r * 0.5,
      p.y + Math.sin(a) * r * 0.5,
      p.x + Math.cos(tip) * r,
      p.y + Math.sin(tip) * r * 0.9,
    );
  }
  ctx.stroke();
}
