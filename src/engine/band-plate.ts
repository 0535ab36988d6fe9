/**
 * A height-field surface's bands (surface-rows.ts) painted in one go, in WebAssembly, instead of as a
 * few hundred Skia gradient fills: the same bands, the same colours across them, the same painter's
 * order, at a fraction of the cost (docs/performance.md, round seven).
 *
 * The bands become one drawable at the far edge's depth, so whatever used to sort between them is now
 * drawn over the whole surface: the scene clips entities to what the nearer surface leaves uncovered
 * (`World.surfaceEdgeNearer`), and the sea's fog sheets and light shafts clip themselves the same way.
 *
 * The plate is the frame's rows from the surface's far edge down, in device pixels: the kernel applies
 * the roll itself. The rows the far edge crosses are transparent above it and go onto the frame
 * through a small canvas, so that the edge blends over what is behind it (reading those rows back
 * instead would rasterise everything drawn so far); every row below is all surface and goes in with
 * one `putImageData`, which ignores the canvas's transform and clip.
 */
import { createCanvas, ImageData, type Canvas } from './canvas.ts';
import { rolledToDevice, type Drawable, type FrameContext, type Point } from './frame.ts';
import { BandsKernel, type PackedStop } from './kernels/bands-kernel.ts';
import { bandDepth, bandStops, visibleSpan, type Row } from './surface-rows.ts';

const c255 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

export class BandPlate {
  private kernel: BandsKernel | undefined;
  private strip: Canvas | undefined;

  /**
   * The rows' bands as one drawable, sorted where the farthest band would be. `covered` gives the
   * screen polygon (device pixels) that something opaque paints over later in the frame, if any: the
   * plate leaves it unpainted.
   */
  drawable(rows: readonly Row[], covered?: (fc: FrameContext) => readonly Point[] | undefined): Drawable[] {
    if (rows.length < 2) return [];
    return [{ depth: bandDepth(rows[0]!), draw: (fc) => this.paint(fc, rows, covered?.(fc)) }];
  }

  private paint(fc: FrameContext, rows: readonly Row[], covered: readonly Point[] | undefined): void {
    const { ctx, width, height, roll } = fc;
    // The far edge's extent in device rows: the plate starts at its highest point; down to its lowest,
    // the plate's rows are transparent above the edge.
    let high = Infinity;
    let low = -Infinity;
    for (const p of rows[0]!.points) {
      const { y } = rolledToDevice(fc, p.x, p.y);
      high = Math.min(high, y);
      low = Math.max(low, y);
    }
    const top = Math.max(0, Math.floor(high) - 1);
    if (top >= height) return;
    const plateRows = height - top;
    const behind = Math.max(0, Math.min(plateRows, Math.ceil(low) + 2 - top));

    const [left, right] = visibleSpan(fc);
    const u0 = Math.floor(left);
    const nb = rows.length - 1;
    this.kernel ??= new BandsKernel(width, height);
    const { plate, skip } = this.kernel.begin(nb, Math.ceil(right) - u0 + 1, u0, plateRows);
    for (let k = 0; k < nb; k++) this.kernel.band(k, rows[k]!.points, packedStops(rows[k]!, rows[k + 1]!));
    if (covered) coveredSpans(covered, top, width, skip);
    plate.fill(0, 0, width * behind * 4);
    this.kernel.paint(top, roll);
    // Rows below the far edge are all surface: put straight into the frame. The rows the edge crosses
    // have transparent sky in them, so they are drawn over the frame instead, through a canvas.
    const below = plateRows - behind;
    if (below > 0)
      ctx.putImageData(new ImageData(plate.subarray(width * behind * 4), width, below), 0, top + behind);
    if (behind > 0) {
      this.strip ??= createCanvas(width, height);
      this.strip
        .getContext('2d')
        .putImageData(new ImageData(plate.subarray(0, width * behind * 4), width, behind), 0, 0);
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(this.strip, 0, 0, width, behind, 0, top, width, behind);
      ctx.restore();
    }
  }
}

/** The band's colour stops, packed RGBA as the kernel takes them. */
function packedStops(far: Row, near: Row): PackedStop[] {
  return bandStops(far, near).map(({ x, color }) => ({
    x,
    rgba: (c255(color[0]) | (c255(color[1]) << 8) | (c255(color[2]) << 16) | 0xff000000) >>> 0,
  }));
}

/**
 * Each plate row's span inside `polygon` (device pixels), as x from and x to, shrunk by a pixel at
 * each end: rows the polygon crosses exactly twice (a bow's two rails) get one; any other row is
 * painted whole, which is always safe. Edge by edge, over the rows each one spans.
 */
function coveredSpans(polygon: readonly Point[], top: number, width: number, out: Int32Array): void {
  const rows = out.length / 2;
  const count = new Uint8Array(rows);
  const first = new Float64Array(rows);
  const second = new Float64Array(rows);
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    // Rows whose centre y (top + r + 0.5) lies in [min, max) of the edge's y.
    const from = Math.max(0, Math.ceil(Math.min(a.y, b.y) - top - 0.5));
    const to = Math.min(rows, Math.ceil(Math.max(a.y, b.y) - top - 0.5));
    for (let r = from; r < to; r++) {
      const x = a.x + ((top + r + 0.5 - a.y) * (b.x - a.x)) / (b.y - a.y);
      const n = count[r]!;
      if (n === 0) first[r] = x;
      else if (n === 1) second[r] = x;
      count[r] = Math.min(255, n + 1);
    }
  }
  for (let r = 0; r < rows; r++) {
    if (count[r] !== 2) continue;
    const from = Math.max(0, Math.ceil(Math.min(first[r]!, second[r]!)) + 1);
    const to = Math.min(width, Math.floor(Math.max(first[r]!, second[r]!)) - 1);
    if (to > from) {
      out[2 * r] = from;
      out[2 * r + 1] = to;
    }
  }
}
