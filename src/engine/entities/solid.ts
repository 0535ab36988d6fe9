/**
 * Rigid solids as flat-shaded faces: hexahedra (boxes, possibly tapered or skewed) given by their eight
 * corners, back-face culled against the camera and shaded by the key light. Vehicles, the robot and
 * the airplane are built from these.
 */
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import type { Ctx } from '../frame.ts';
import { shade, type Palette } from '../palette.ts';
import { add, cross, dot, normalize, scale, sub, type V3 } from '../vec.ts';
import type { View } from '../view.ts';

export interface Face {
  pts: V3[];
  color: Rgb;
  depth: number;
  /** Cosine between the face's outward normal and the direction to the key light. */
  light: number;
}

/**
 * Corner order: 0–3 the ring at the back (x0,y0), (x1,y0), (x1,y1), (x0,y1); 4–7 the same ring at the
 * front. Faces: back, front, left, right, top (and bottom on request), wound so the normal points out.
 */
const QUADS: readonly (readonly [number, number, number, number, 'end' | 'side'])[] = [
  [0, 3, 2, 1, 'end'],
  [5, 6, 7, 4, 'end'],
  [4, 7, 3, 0, 'side'],
  [1, 2, 6, 5, 'side'],
  [3, 7, 6, 2, 'side'],
];
const BOTTOM = [0, 1, 5, 4, 'side'] as const;

/** Adds the faces of a hexahedron that face the camera to `out`. */
export function hexahedronFaces(
  view: View,
  sunDir: V3,
  corners: readonly V3[],
  color: Rgb,
  out: Face[],
  endColor: Rgb = color,
  bottom = false,
): void {
  for (const [a, b, c, d, part] of bottom ? [...QUADS, BOTTOM] : QUADS) {
    const pts = [corners[a]!, corners[b]!, corners[c]!, corners[d]!];
    const n = normalize(cross(sub(pts[1]!, pts[0]!), sub(pts[3]!, pts[0]!)));
    const mid = {
      x: (pts[0]!.x + pts[2]!.x) / 2,
      y: (pts[0]!.y + pts[2]!.y) / 2,
      z: (pts[0]!.z + pts[2]!.z) / 2,
    };
    // Only faces whose outward normal points toward the camera are visible on a convex solid.
    if (dot(n, sub(view.position, mid)) <= 0) continue;
    out.push({
      pts,
      color: part === 'end' ? endColor : color,
      depth: view.depthOf(mid),
      light: dot(n, sunDir),
    });
  }
}

export interface Axes {
  /** Unit vectors of the box's own x, y and z. */
  u: V3;
  v: V3;
  w: V3;
}

/** Corners of a box centred at `centre` with half extents (hx, hy, hz) along the axes, in QUADS order. */
export function orientedBox(centre: V3, axes: Axes, hx: number, hy: number, hz: number): V3[] {
  const at = (sx: number, sy: number, sz: number) =>
    add(add(add(centre, scale(axes.u, sx * hx)), scale(axes.v, sy * hy)), scale(axes.w, sz * hz));
  return [
    at(-1, -1, -1),
    at(1, -1, -1),
    at(1, 1, -1),
    at(-1, 1, -1),
    at(-1, -1, 1),
    at(1, -1, 1),
    at(1, 1, 1),
    at(-1, 1, 1),
  ];
}

const WHITE = hex('#ffffff');

const NIGHT_TINT = hex('#4a4466');

/**
 * Fills faces back to front, lit by the palette, with a specular lift on faces turned toward the sun
 * (paint, glass and metal glint) and faded into the fog by `fog` (0..1). At night, `nightLift` (0..1)
 * blends in the street's light so a figure does not sink into a black silhouette.
 */
export function fillFaces(
  ctx: Ctx,
  view: View,
  palette: Palette,
  faces: Face[],
  fog: number,
  gloss = 0.6,
  nightLift = 0,
): void {
  faces.sort((a, b) => b.depth - a.depth);
  for (const f of faces) {
    const ps = f.pts.map((p) => view.project(p));
    if (ps.some((p) => !p)) continue;
    let lit = shade(palette, f.color, f.light, 0);
    if (palette.night && nightLift > 0) {
      const street = mixRgb(scaleRgb(f.color, 0.3 + 0.3 * Math.max(0, f.light + 0.5)), NIGHT_TINT, 0.25);
      lit = mixRgb(lit, street, nightLift);
    }
    const glint = Math.max(0, f.light) ** 8 * gloss * palette.keyStrength;
    ctx.fillStyle = css(mixRgb(mixRgb(lit, WHITE, glint), palette.fog, fog));
    ctx.beginPath();
    for (const p of ps) ctx.lineTo(p!.x, p!.y);
    ctx.closePath();
    ctx.fill();
  }
}
