/**
 * Depth of field for the painter's algorithm: everything drawn so far (the sky and whatever lies
 * well behind the focus plane) is softened in one step before the nearer drawables go on top.
 *
 * The blur is a shrink-and-grow through a small canvas: Skia averages (mipmaps) on the way down and
 * interpolates on the way up, which reads as a soft lens blur and costs one snapshot of the frame
 * and five cheap enlargements, far less than a `ctx.filter` blur of the whole canvas.
 */
import { createCanvas, type Canvas } from './canvas.ts';

export class DepthOfField {
  private readonly small = new Map<number, Canvas>();

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** Blur radius in pixels for an aperture (0..1): up to about 2.4% of the frame height. */
  radiusFor(aperture: number): number {
    return aperture * 0.024 * this.height;
  }

  /** Softens what has been drawn on `canvas` so far by roughly `radius` pixels. */
  blurDrawn(canvas: Canvas, radius: number): void {
    const factor = Math.min(16, Math.max(2, Math.round(radius / 1.5)));
    let small = this.small.get(factor);
    if (!small) {
      small = createCanvas(Math.ceil(this.width / factor), Math.ceil(this.height / factor));
      this.small.set(factor, small);
    }
    const down = small.getContext('2d');
    down.imageSmoothingEnabled = true;
    down.imageSmoothingQuality = 'high';
    down.clearRect(0, 0, small.width, small.height);
    down.drawImage(canvas, 0, 0, small.width, small.height);
    const ctx = canvas.getContext('2d');
    ctx.save();
    // Screen space: the blurred copy lands exactly on what it was taken from, whatever the roll.
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    ctx.imageSmoothingEnabled = true;
    // Bilinear: a few bilinear copies cost about what one bicubic copy does (~8 ms at 1080p), and
    // averaged half a cell apart they hide the grid better.
    ctx.imageSmoothingQuality = 'low';
    // One copy in place, then four half a small pixel off it, averaged (alpha 1, 1/2 … 1/5): hides
    // the small canvas's grid, which a single enlargement leaves visible around bright lights. The
    // copy in place covers the frame's edges, which the shifted ones leave bare.
    const w = small.width * factor;
    const h = small.height * factor;
    const q = factor / 4;
    const offsets = [
      [0, 0],
      [-q, -q],
      [q, q],
      [q, -q],
      [-q, q],
    ] as const;
    offsets.forEach(([dx, dy], i) => {
      ctx.globalAlpha = 1 / (i + 1);
      ctx.drawImage(small, dx, dy, w, h);
    });
    ctx.restore();
  }
}
