/**
 * Weather drawn over the world: falling rain and snow, blowing sand, drifting leaves and the light of
 * a lightning flash. Particles are screen-space layers at three depths (near layers larger, faster
 * and sparser); each particle's position is a pure function of (seed, index, t), wrapped round the
 * frame.
 */
import { hash01 } from '../lib/random.ts';
import { css, hex, mixRgb, scaleRgb } from './color.ts';
import type { FrameContext } from './frame.ts';
import { flashAt } from './lightning.ts';

const wrap = (v: number, m: number): number => ((v % m) + m) % m;

export function drawWeather(fc: FrameContext): void {
  const kind = fc.shot.atmosphere.particles;
  if (kind === 'rain' || kind === 'snow' || (kind === 'dust' && fc.shot.setting !== 'desert')) {
    drawFalling(fc, kind);
  }
  if (fc.shot.setting === 'desert' && kind !== 'rain' && kind !== 'snow') drawBlowingSand(fc);
  if (fc.shot.setting === 'forest' && kind === 'none') drawLeaves(fc);
  drawFlash(fc);
}

function drawFalling(fc: FrameContext, kind: 'rain' | 'snow' | 'dust'): void {
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

/**
 * Sand blown low across the ground: fast thin streaks hugging the land below the horizon (nearer,
 * lower on screen, means longer and faster), and grains flying past the lens when the wind is up.
 */
function drawBlowingSand(fc: FrameContext): void {
  const { ctx, width, height, t, seed, palette, view, unit } = fc;
  const horizon = Math.max(0, Math.min(height, view.horizonY()));
  const strong = fc.shot.weather === 'storm' || fc.shot.atmosphere.particles === 'dust';
  const span = width * 1.6;
  // Airborne grains catch the light: brighter than the sand they leave.
  const sand = mixRgb(hex('#f2e2c0'), palette.sun, 0.25);
  const lit = scaleRgb(sand, 0.55 + 0.5 * palette.keyStrength);
  ctx.lineCap = 'round';
  for (let layer = 0; layer < 3; layer++) {
    const n = (strong ? 160 : 70) >> layer;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const r = (k: number) => hash01(seed, 9100 + layer, i, k);
      // Depth down the frame: streaks gather near the horizon and thin out toward the lens.
      const near = Math.pow(r(1), 1.8);
      const y = horizon + (height - horizon) * near + (layer - 1) * 6 * unit;
      const speed = width * (0.25 + near * 1.4) * (0.8 + r(2) * 0.4) * (strong ? 1.6 : 1);
      const life = 1.2 + r(3);
      const phase = wrap(t / life + r(4), 1);
      const x = -width * 0.3 + wrap(r(5) * span + t * speed, span);
      const len = (40 + 220 * near) * unit * (0.5 + r(6));
      const lift = Math.sin(phase * Math.PI) * 6 * unit * (1 + near * 3);
      ctx.moveTo(x, y - lift);
      ctx.lineTo(x - len, y - lift * 0.6);
    }
    ctx.strokeStyle = css(lit, (strong ? 0.3 : 0.16) * (1 - layer * 0.2));
    ctx.lineWidth = Math.max(1, (1 + layer) * unit);
    ctx.stroke();
  }
  if (!strong) return;
  // Grains whipping past the lens.
  ctx.beginPath();
  for (let i = 0; i < 90; i++) {
    const r = (k: number) => hash01(seed, 9200, i, k);
    const x = wrap(r(1) * width * 1.5 + t * width * (1.2 + r(2)), width * 1.5) - width * 0.25;
    const y = wrap(r(3) * height + Math.sin(t * 3 + r(4) * 6) * 20 * unit, height);
    const s = (1 + r(5) * 2) * unit;
    ctx.moveTo(x + s, y);
    ctx.arc(x, y, s, 0, Math.PI * 2);
  }
  ctx.fillStyle = css(lit, 0.35);
  ctx.fill();
}

/** A few leaves twisting down through the air in a forest, lit when they catch the light. */
function drawLeaves(fc: FrameContext): void {
  const { ctx, width, height, t, seed, palette, unit } = fc;
  const colors = [hex('#b7892f'), hex('#8f6a25'), hex('#6f7d2a'), hex('#c8a040')].map((c) =>
    css(scaleRgb(c, 0.45 + 0.6 * palette.keyStrength * (palette.night ? 0.3 : 1))),
  );
  for (let i = 0; i < 36; i++) {
    const r = (k: number) => hash01(seed, 9300, i, k);
    const near = r(1);
    const fall = height * (0.05 + near * 0.12);
    const y = wrap(r(2) * height * 1.2 + t * fall, height * 1.2) - height * 0.1;
    const sway = Math.sin(t * (0.8 + r(3)) + r(4) * 6);
    const x =
      wrap(r(5) * width * 1.2 + sway * 40 * unit * (0.5 + near) + t * 12 * unit, width * 1.2) - width * 0.1;
    const s = (2.5 + near * 7) * unit;
    // A leaf seen turning: its width swings through edge-on as it spins.
    const spin = Math.cos(t * (2 + r(6) * 3) + r(7) * 6);
    ctx.fillStyle = colors[i % colors.length]!;
    ctx.beginPath();
    ctx.ellipse(x, y, s, Math.max(0.4, Math.abs(spin) * s * 0.5), sway * 0.8 + r(8) * 3, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** The flash lights the whole scene for an instant, a cold blue-white over everything. */
function drawFlash(fc: FrameContext): void {
  const flash = flashAt(fc.shot, fc.t / fc.shot.timeScale);
  if (flash.intensity <= 0.01) return;
  const { ctx, width, height } = fc;
  const m = Math.max(width, height) * 0.2;
  ctx.globalCompositeOperation = 'lighter';
  ctx.fillStyle = css(hex('#b8c4ff'), 0.3 * flash.intensity);
  ctx.fillRect(-m, -m, width + 2 * m, height + 2 * m);
  ctx.globalCompositeOperation = 'source-over';
}
