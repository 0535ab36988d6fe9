/**
 * Falling weather as screen-space particle layers at three depths (near layers larger, faster and
 * sparser). Each particle's position is a pure function of (seed, index, t), wrapped around the frame.
 */
import { hash01 } from '../lib/random.ts';
import { css, hex, mixRgb } from './color.ts';
import type { FrameContext } from './frame.ts';

const wrap = (v: number, m: number): number => ((v % m) + m) % m;

export function drawWeather(fc: FrameContext): void {
  const kind = fc.shot.atmosphere.particles;
  if (kind === 'none' || kind === 'spray') return;
  const { ctx, width, height, t, seed, palette } = fc;
  const diag = Math.hypot(width, height);
  const ox = (width - diag) / 2;
  const oy = (height - diag) / 2;
  const u = fc.unit;
  const layers = [
    { n: kind === 'rain' ? 260 : 220, size: 0.5, speed: 0.55, alpha: 0.22 },
    { n: kind === 'rain' ? 160 : 120, size: 1, speed: 0.95, alpha: 0.32 },
    { n: kind === 'rain' ? 50 : 40, size: 2, speed: 1.6, alpha: 0.4 },
  ];
  const tint = kind === 'dust' ? hex('#d8c09a') : mixRgb(hex('#dfe8f0'), palette.skyHorizon, 0.3);
  layers.forEach((layer, li) => {
    ctx.beginPath();
    for (let i = 0; i < layer.n; i++) {
      const r = (k: number) => hash01(seed, li, i, k);
      if (kind === 'rain') {
        const fall = diag * layer.speed * 2.2;
        const x = ox + wrap(r(1) * diag + t * fall * 0.12, diag);
        const y = oy + wrap(r(2) * diag + t * fall, diag);
        const len = (18 + r(3) * 14) * layer.size * u;
        ctx.moveTo(x, y);
        ctx.lineTo(x - len * 0.12, y - len);
      } else {
        const fall = diag * layer.speed * (kind === 'snow' ? 0.12 : 0.02);
        const x =
          ox +
          wrap(
            r(1) * diag + Math.sin(t * (0.6 + r(4)) + r(5) * 6) * 30 * layer.size * u + t * fall * 0.4,
            diag,
          );
        const y = oy + wrap(r(2) * diag + t * fall, diag);
        const s = (kind === 'snow' ? 2.2 : 1.1) * layer.size * u * (0.6 + r(3) * 0.8);
        ctx.moveTo(x + s, y);
        ctx.arc(x, y, s, 0, Math.PI * 2);
      }
    }
    if (kind === 'rain') {
      ctx.strokeStyle = css(tint, layer.alpha);
      ctx.lineWidth = Math.max(1, layer.size * 1.2 * u);
      ctx.stroke();
    } else {
      ctx.fillStyle = css(tint, layer.alpha * 2);
      ctx.fill();
    }
  });
}
