/**
 * Height-field surfaces (sea, terrain) drawn as bands between consecutive rows of projected points,
 * far to near. Each band is shaded across the frame through a dozen of its columns' colours, as a
 * few strips side by side, each a two-colour gradient: a few hundred fills per frame instead of
 * thousands of facets. Skia shades a two-stop gradient about twice as fast as a longer one, and the
 * strips off screen are not drawn at all.
 */
import { css, mixRgb, type Rgb } from './color.ts';
import type { Drawable, FrameContext } from './frame.ts';

const MAX_STOPS = 12;
/** How far each strip reaches under the next, so that their shared edge leaves no hairline. */
const SEAM_PX = 1;

export interface RowPoint {
  x: number;
  y: number;
  color: Rgb;
}

export interface Row {
  /** Depth along the view direction, for painter's ordering. */
  depth: number;
  points: RowPoint[];
}

/**
 * A band sorts just beyond its far edge: whatever stands on the ground inside it (or a little to the
 * side, where a yawed camera sees depth differently) is drawn over it, while a band well in front of
 * something (a hill) still hides it.
 */
export const bandDepth = (far: Row): number => far.depth * 1.1 + 2;

export interface BandStop {
  readonly x: number;
  readonly color: Rgb;
}

/**
 * Colours across the band at a dozen of the near row's columns, left to right; between them the
 * colour runs linearly, and beyond the ends it stays at the end colours.
 */
export function bandStops(far: Row, near: Row): BandStop[] {
  const pts = near.points;
  const fp = far.points;
  const every = Math.max(1, Math.ceil(pts.length / MAX_STOPS));
  const stops: BandStop[] = [];
  let j = 0;
  for (let i = 0; i < pts.length; i += every) {
    const p = pts[i]!;
    if (stops.length > 0 && p.x <= stops[stops.length - 1]!.x) continue;
    // Blend in the far row's colour at the same screen x: halves the step between bands, so
    // shading reads as a slope rather than as contour lines.
    while (j + 1 < fp.length && fp[j + 1]!.x <= p.x) j++;
    stops.push({ x: p.x, color: mixRgb(p.color, fp[j]!.color, 0.5) });
  }
  return stops;
}

/**
 * The part of a polygon on one side of the vertical line at `x` (Sutherland–Hodgman). Polygons are
 * flat coordinate lists [x0, y0, x1, y1, …]: a band's strips allocate no point objects, and the
 * code stays monomorphic where point objects from several worlds would not.
 */
function clipAtX(polygon: readonly number[], x: number, keepRight: boolean): number[] {
  const out: number[] = [];
  const n = polygon.length;
  for (let i = 0; i < n; i += 2) {
    const px = polygon[i]!;
    const py = polygon[i + 1]!;
    const j = (i + 2) % n;
    const qx = polygon[j]!;
    const qy = polygon[j + 1]!;
    const pIn = keepRight ? px >= x : px <= x;
    const qIn = keepRight ? qx >= x : qx <= x;
    if (pIn) out.push(px, py);
    if (pIn !== qIn) out.push(x, py + ((qy - py) * (x - px)) / (qx - px));
  }
  return out;
}

/** The frame's horizontal extent in the world's rolled frame (where bands are drawn). */
export function visibleSpan(fc: FrameContext): [number, number] {
  const roll = Math.abs(fc.roll);
  const half = (fc.width / 2) * Math.cos(roll) + (fc.height / 2) * Math.sin(roll) + 2;
  return [fc.width / 2 - half, fc.width / 2 + half];
}

function band(far: Row, near: Row, overlapPx: number): Drawable {
  return {
    depth: bandDepth(far),
    draw(fc: FrameContext) {
      const { ctx } = fc;
      const pts = near.points;
      if (!(pts[pts.length - 1]!.x - pts[0]!.x > 1)) return;
      const stops = bandStops(far, near).map((stop) => ({ x: stop.x, color: css(stop.color) }));
      // The far row's edge, then the near row's back, a little lower so that rounding never opens
      // hairline gaps between bands.
      const outline: number[] = [];
      for (const p of far.points) outline.push(p.x, p.y);
      for (let i = pts.length - 1; i >= 0; i--) outline.push(pts[i]!.x, pts[i]!.y + overlapPx);
      const [left, right] = visibleSpan(fc);
      // Strip k runs from stop k to stop k+1 (the first and last reach the band's ends, in the end
      // colours, as a gradient clamps), shaded between the two stops' colours.
      for (let k = 0; k < Math.max(1, stops.length - 1); k++) {
        const a = stops[k]!;
        const b = stops[k + 1] ?? a;
        const from = k === 0 ? left : Math.max(left, a.x);
        const to = k >= stops.length - 2 ? right : Math.min(right, b.x + SEAM_PX);
        if (to <= from) continue;
        const strip = clipAtX(clipAtX(outline, from, true), to, false);
        if (strip.length < 6) continue;
        if (a.color === b.color || b.x - a.x < 0.5) ctx.fillStyle = a.color;
        else {
          const gradient = ctx.createLinearGradient(a.x, 0, b.x, 0);
          gradient.addColorStop(0, a.color);
          gradient.addColorStop(1, b.color);
          ctx.fillStyle = gradient;
        }
        ctx.beginPath();
        ctx.moveTo(strip[0]!, strip[1]!);
        for (let i = 2; i < strip.length; i += 2) ctx.lineTo(strip[i]!, strip[i + 1]!);
        ctx.closePath();
        ctx.fill();
      }
    },
  };
}

/**
 * The screen y below which the bands drawn after a drawable at `depth` (those sorting nearer) cover
 * every pixel: the lowest point of the farthest such band's far edge, plus a pixel or two for its
 * antialiasing. Rows run far to near, each band down to the next, so everything under that edge is
 * band. Undefined when no band sorts nearer.
 */
export function bandsHideBelow(rows: readonly Row[], depth: number): number | undefined {
  const row = firstBandNearer(rows, depth);
  return row && Math.max(...row.points.map((p) => p.y)) + 2;
}

/** The far row of the first band (far to near) that sorts nearer than `depth`, if any. */
function firstBandNearer(rows: readonly Row[], depth: number): Row | undefined {
  for (let k = 0; k + 1 < rows.length; k++) if (bandDepth(rows[k]!) < depth) return rows[k];
  return undefined;
}

/**
 * The far edge (flat [x0, y0, x1, y1, …], in the world's rolled frame, left to right) of the first
 * band that sorts nearer than `depth`: the nearer surface covers everything under it, so a drawable
 * at `depth` shows only above it. Undefined when no band sorts nearer.
 */
export function bandEdgeNearer(rows: readonly Row[], depth: number): number[] | undefined {
  return firstBandNearer(rows, depth)?.points.flatMap((p) => [p.x, p.y]);
}

/**
 * Runs `draw` with everything under `edge` (flat [x0, y0, …], rolled frame, left to right) clipped
 * away: what a nearer surface painted in one piece would have covered.
 */
export function drawAboveEdge(fc: FrameContext, edge: readonly number[], draw: () => void): void {
  if (edge.length < 4) return draw();
  const { ctx, height } = fc;
  ctx.save();
  ctx.beginPath();
  ctx.moveTo(edge[0]!, -height * 4);
  for (let i = 0; i < edge.length; i += 2) ctx.lineTo(edge[i]!, edge[i + 1]!);
  ctx.lineTo(edge[edge.length - 2]!, -height * 4);
  ctx.closePath();
  ctx.clip();
  draw();
  ctx.restore();
}

export function rowBands(rows: readonly Row[], overlapPx = 2): Drawable[] {
  const out: Drawable[] = [];
  for (let k = 0; k + 1 < rows.length; k++) out.push(band(rows[k]!, rows[k + 1]!, overlapPx));
  return out;
}

/**
 * Depths of rows from far to near, spaced so that ground rows land about `pxPerRow` pixels apart on
 * screen for a camera `heightAbove` the ground (dense where the ground is seen steeply, sparse at
 * grazing angles), but never sparser than `maxRatio` of the depth, so distant ranges keep their shape.
 */
export function screenSpacedDepths(
  near: number,
  far: number,
  focal: number,
  heightAbove: number,
  pxPerRow = 3,
  maxRatio = 0.05,
): number[] {
  const h = Math.max(1, heightAbove);
  const out: number[] = [];
  for (let d = near; d < far;) {
    out.push(d);
    const step = (pxPerRow * (d * d + h * h)) / (focal * h);
    d += Math.max(0.05, Math.min(step, d * maxRatio));
  }
  out.push(far);
  return out.reverse();
}
