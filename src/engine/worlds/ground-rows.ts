/**
 * Ground of the newer worlds (desert, beach, forest) as a height field seen through the camera: rows
 * on a world grid, spaced a few pixels apart on screen, drawn as bands (see surface-rows.ts). The
 * same scheme as the terrain world, with the height and the colour of a point supplied by the world.
 */
import type { Rgb } from '../color.ts';
import type { FrameContext } from '../frame.ts';
import { screenSpacedDepths, type Row } from '../surface-rows.ts';

export interface GroundPoint {
  readonly x: number;
  readonly z: number;
  /** Height of the solid ground. */
  readonly ground: number;
  /** Height of the point as drawn (water lies over sand that is lower than it). */
  readonly y: number;
  /** Slope of the ground at the point. */
  readonly hx: number;
  readonly hz: number;
  /** Distance along the view direction. */
  readonly depth: number;
}

export interface GroundSpec {
  /** Height of the solid ground at (x, z): memoised on the grid, so it must be pure. */
  height(x: number, z: number): number;
  /** Height of what is drawn at a point, when something (water) may lie over the ground. */
  top?(x: number, z: number, ground: number, fc: FrameContext): number;
  color(p: GroundPoint, fc: FrameContext): Rgb;
  readonly far: number;
  readonly columns: number;
}

export type GroundRow = Row & { z: number };

/** Heights on grid points, memoised and bounded: consecutive frames sample mostly the same points. */
export class HeightCache {
  private readonly heights = new Map<number, Map<number, number>>();
  private size = 0;

  constructor(private readonly fn: (x: number, z: number) => number) {}

  at(x: number, z: number): number {
    let row = this.heights.get(z);
    if (!row) {
      if (this.size > 400_000) {
        this.heights.clear();
        this.size = 0;
      }
      row = new Map();
      this.heights.set(z, row);
    }
    let h = row.get(x);
    if (h === undefined) {
      h = this.fn(x, z);
      row.set(x, h);
      this.size++;
    }
    return h;
  }
}

/** Rows of projected, coloured ground points from the far distance to just in front of the lens. */
export function groundRows(fc: FrameContext, spec: GroundSpec, cache: HeightCache): GroundRow[] {
  const { view } = fc;
  const rows: GroundRow[] = [];
  let lastZ = Infinity;
  const fwd = Math.hypot(view.forward.x, view.forward.z) || 1;
  const under = cache.at(Math.round(view.position.x), Math.round(view.position.z));
  const above = Math.max(0.5, view.position.y - under);
  const near = Math.min(200, Math.max(0.6, above * 0.25));
  const depths = screenSpacedDepths(near, spec.far, view.focal, above, Math.max(3, 6 * fc.unit));
  for (let i = 0; i < depths.length; i++) {
    const d = depths[i]!;
    const gap = d - (depths[i + 1] ?? d * 0.95);
    // Rows sit on a power-of-two world grid so the ground does not shimmer as the camera moves.
    const spacing = Math.pow(2, Math.round(Math.log2(Math.max(0.125, gap))));
    const z = Math.ceil((view.position.z + (d * view.forward.z) / fwd) / spacing) * spacing;
    if (z >= lastZ) continue;
    lastZ = z;
    // Wide enough for the frame at this row's slant distance: seen from above, ground a few metres ahead
    // is many metres from the lens, and the frame's bottom corners reach that far to the sides. The
    // row sorts at that distance too, as whatever stands on it does.
    const slant = view.depthOf({ x: view.position.x + (d * view.forward.x) / fwd, y: under, z });
    const half = view.halfWidthAt(Math.max(d, slant)) * 1.4 + Math.min(20, d * 0.3);
    const step = Math.pow(2, Math.ceil(Math.log2((2 * half) / spec.columns)));
    const x0 = Math.floor((view.position.x + (d * view.forward.x) / fwd - half) / step) * step;
    const points = [];
    for (let x = x0; x <= x0 + 2 * half + step; x += step) {
      const h = cache.at(x, z);
      const hx = (cache.at(x + step, z) - cache.at(x - step, z)) / (2 * step);
      const hz = (cache.at(x, z + spacing) - cache.at(x, z - spacing)) / (2 * spacing);
      const y = spec.top ? spec.top(x, z, h, fc) : h;
      const p = view.project({ x, y, z });
      // Row ends that swing round beside the lens project far off screen: skip them.
      if (!p || p.depth < d * 0.3) continue;
      points.push({ x: p.x, y: p.y, color: spec.color({ x, z, ground: h, y, hx, hz, depth: p.depth }, fc) });
    }
    if (points.length < 2) continue;
    rows.push({ depth: slant, points, z });
  }
  return rows;
}

/** Wrapped lambert of a height-field normal: a low sun still lights level ground, as skylight does. */
export function groundLight(fc: FrameContext, hx: number, hz: number, wrap = 0.35): number {
  const sun = fc.palette.sunDir;
  const nl = Math.sqrt(hx * hx + 1 + hz * hz);
  return ((-hx * sun.x + sun.y - hz * sun.z) / nl + wrap) / (1 + wrap);
}
