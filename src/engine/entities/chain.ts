/**
 * Tapered tubes along a chain of 3D points (necks, tentacles, limbs seen at any angle): the outline
 * is built in screen space from each point's projected position and its projected radius.
 */
import type { Ctx } from '../frame.ts';
import type { View } from '../view.ts';
import type { V3 } from '../vec.ts';

export interface ScreenPoint {
  x: number;
  y: number;
  r: number;
  depth: number;
}

export function projectChain(view: View, points: readonly V3[], radii: readonly number[]): ScreenPoint[] {
  const out: ScreenPoint[] = [];
  points.forEach((p, i) => {
    const s = view.project(p);
    if (s) out.push({ x: s.x, y: s.y, r: radii[i]! * s.scale, depth: s.depth });
  });
  return out;
}

/**
 * Strokes a tube through screen points as round-capped segments of varying width: robust where a
 * filled outline would self-intersect on tight curls.
 */
export function strokeTube(
  ctx: Ctx,
  pts: readonly ScreenPoint[],
  widthScale = 1,
  offset = { x: 0, y: 0 },
): boolean {
  if (pts.length < 2) return false;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    ctx.lineWidth = Math.max(1, (a.r + b.r) * widthScale);
    ctx.beginPath();
    ctx.moveTo(a.x + offset.x * a.r, a.y + offset.y * a.r);
    ctx.lineTo(b.x + offset.x * b.r, b.y + offset.y * b.r);
    ctx.stroke();
  }
  return true;
}

/** One straight segment between two 3D points, as a stroke of the projected width of `radius`. */
export function strokeSegment(ctx: Ctx, view: View, a: V3, b: V3, radius: number, color: string): void {
  const p = view.project(a);
  const q = view.project(b);
  if (!p || !q) return;
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(1, radius * 2 * (p.scale + q.scale) * 0.5);
  ctx.beginPath();
  ctx.moveTo(p.x, p.y);
  ctx.lineTo(q.x, q.y);
  ctx.stroke();
}
