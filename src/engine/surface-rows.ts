/**
 * Height-field surfaces (sea, terrain) drawn as bands between consecutive rows of projected points,
 * far to near. Each band is one path filled with a horizontal gradient through its columns' colours:
 * a few hundred fills per frame instead of thousands of facets.
 */
import { css, mixRgb, type Rgb } from './color.ts';
import type { Drawable, FrameContext } from './frame.ts';

const MAX_STOPS = 12;

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

function band(far: Row, near: Row, overlapPx: number): Drawable {
  return {
    // A band sorts just beyond its far edge: whatever stands on the ground inside it (or a little to
    // the side, where a yawed camera sees depth differently) is drawn over it, while a band well in
    // front of something (a hill) still hides it.
    depth: far.depth * 1.1 + 2,
    draw(fc: FrameContext) {
      const { ctx } = fc;
      const pts = near.points;
      const first = pts[0]!;
      const last = pts[pts.length - 1]!;
      const span = last.x - first.x;
      if (!(span > 1)) return;
      const grad = ctx.createLinearGradient(first.x, 0, last.x, 0);
      // Gradient stops cost more than vertices in Skia: a dozen carry the shading well enough.
      const every = Math.max(1, Math.ceil(pts.length / MAX_STOPS));
      let prev = -1;
      let j = 0;
      const fp = far.points;
      for (let i = 0; i < pts.length; i += every) {
        const p = pts[i]!;
        const stop = (p.x - first.x) / span;
        if (stop <= prev || stop > 1) continue;
        prev = stop;
        // Blend in the far row's colour at the same screen x: halves the step between bands, so
        // shading reads as a slope rather than as contour lines.
        while (j + 1 < fp.length && fp[j + 1]!.x <= p.x) j++;
        grad.addColorStop(stop, css(mixRgb(p.color, fp[j]!.color, 0.5)));
      }
      ctx.fillStyle = grad;
      ctx.beginPath();
      ctx.moveTo(fp[0]!.x, fp[0]!.y);
      for (let i = 1; i < fp.length; i++) ctx.lineTo(fp[i]!.x, fp[i]!.y);
      // Extend the near edge down a little so rounding never opens hairline gaps between bands.
      for (let i = pts.length - 1; i >= 0; i--) ctx.lineTo(pts[i]!.x, pts[i]!.y + overlapPx);
      ctx.closePath();
      ctx.fill();
    },
  };
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
