/**
 * Flat world-space polygons (walls, floors, furniture faces, deck plates) projected through the
 * camera, clipped at the near plane first: clamping each corner separately would bend a wall that
 * passes beside the lens.
 */
import type { Ctx } from './frame.ts';
import type { V3 } from './vec.ts';
import type { View } from './view.ts';

export interface ScreenPoint {
  x: number;
  y: number;
}

/** The polygon's outline on screen, or undefined when all of it lies behind the lens. */
export function projectPolygon(view: View, pts: readonly V3[]): ScreenPoint[] | undefined {
  const near = view.near * 1.05;
  const depths = pts.map((p) => view.depthOf(p));
  const clipped: V3[] = [];
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    const da = depths[i]!;
    const db = depths[(i + 1) % pts.length]!;
    if (da >= near) clipped.push(a);
    if (da >= near !== db >= near) {
      const k = (near - da) / (db - da);
      clipped.push({ x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k, z: a.z + (b.z - a.z) * k });
    }
  }
  if (clipped.length < 3) return undefined;
  return clipped.map((p) => view.project(p) ?? view.projectClamped(p));
}

/** Adds the polygon to the current path; returns false when none of it is in front of the lens. */
export function tracePolygon(ctx: Ctx, view: View, pts: readonly V3[]): boolean {
  const screen = projectPolygon(view, pts);
  if (!screen) return false;
  ctx.moveTo(screen[0]!.x, screen[0]!.y);
  for (let i = 1; i < screen.length; i++) ctx.lineTo(screen[i]!.x, screen[i]!.y);
  ctx.closePath();
  return true;
}

export function fillPolygon(ctx: Ctx, view: View, pts: readonly V3[], style: Ctx['fillStyle']): void {
  ctx.beginPath();
  if (!tracePolygon(ctx, view, pts)) return;
  ctx.fillStyle = style;
  ctx.fill();
}
