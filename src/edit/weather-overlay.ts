/**
 * Rain or snow drawn over existing frames (pixel-level remixes of foreign videos). Each particle's
 * place is a pure function of (seed, index, time), so a frame depends only on its index.
 */
import { createCanvas, type Canvas } from '../engine/canvas.ts';
import { hash01 } from '../lib/random.ts';
import type { OverlayParticles } from './pixel-look.ts';

const wrap = (v: number, m: number): number => ((v % m) + m) % m;

export class WeatherOverlay {
  private readonly canvas: Canvas;

  constructor(
    private readonly kind: Exclude<OverlayParticles, 'none'>,
    /** 0..1 of the full particle count. */
    private readonly density: number,
    private readonly width: number,
    private readonly height: number,
    private readonly seed: number,
  ) {
    this.canvas = createCanvas(width, height);
  }

  /** Returns a new RGBA frame: `pixels` with the particles at time `t` (seconds) drawn over it. */
  apply(pixels: Uint8Array, t: number): Uint8Array {
    const { width, height, kind } = this;
    const ctx = this.canvas.getContext('2d');
    const image = ctx.createImageData(width, height);
    image.data.set(pixels);
    ctx.putImageData(image, 0, 0);
    // Flakes and streaks stay visible on small frames: never under about a pixel and a half.
    const unit = Math.max(0.6, Math.min(width, height) / 720);
    const layers = [
      { n: kind === 'rain' ? 260 : 200, size: 0.6, speed: 0.55, alpha: 0.25 },
      { n: kind === 'rain' ? 150 : 110, size: 1, speed: 0.95, alpha: 0.35 },
      { n: kind === 'rain' ? 45 : 35, size: 1.8, speed: 1.5, alpha: 0.45 },
    ];
    const area = (width * height) / (1280 * 720);
    layers.forEach((layer, li) => {
      const count = Math.round(layer.n * this.density * Math.max(0.5, area));
      ctx.beginPath();
      for (let i = 0; i < count; i++) {
        const r = (k: number) => hash01(this.seed, li, i, k);
        if (kind === 'rain') {
          const fall = height * layer.speed * 2.4;
          const x = wrap(r(1) * width + t * fall * 0.12, width);
          const y = wrap(r(2) * height + t * fall, height);
          const len = (18 + r(3) * 14) * layer.size * unit;
          ctx.moveTo(x, y);
          ctx.lineTo(x - len * 0.12, y - len);
        } else {
          const fall = height * layer.speed * 0.14;
          const sway = Math.sin(t * (0.6 + r(4)) + r(5) * 6) * 24 * layer.size * unit;
          const x = wrap(r(1) * width + sway + t * fall * 0.3, width);
          const y = wrap(r(2) * height + t * fall, height);
          const s = 2.4 * layer.size * unit * (0.6 + r(3) * 0.8);
          ctx.moveTo(x + s, y);
          ctx.arc(x, y, s, 0, Math.PI * 2);
        }
      }
      if (kind === 'rain') {
        ctx.strokeStyle = `rgba(220, 228, 236, ${layer.alpha})`;
        ctx.lineWidth = Math.max(1, layer.size * 1.3 * unit);
        ctx.stroke();
      } else {
        ctx.fillStyle = `rgba(246, 248, 252, ${Math.min(1, layer.alpha * 2)})`;
        ctx.fill();
      }
    });
    return this.canvas.data();
  }
}
