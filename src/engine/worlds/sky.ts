import { css, hex, mixRgb } from '../color.ts';
import type { FrameContext } from '../frame.ts';
import { radialSprite } from '../sprites.ts';

/** Sky gradient down to the horizon, the horizon colour below it, and a sun glow when it is up. */
export function drawSky(fc: FrameContext): void {
  const { ctx, view, palette, width, height } = fc;
  const horizon = view.horizonY();
  // Just enough margin to cover the corners under a few degrees of roll: full-frame fills cost
  // milliseconds each at 1080p, so oversized ones add up.
  const m = Math.abs(Math.sin(fc.roll)) * width * 0.6 + 4;
  // The gradient's top is tied to the horizon, not the frame, so a camera looking down still sees the
  // sky deepen toward the zenith within the frame.
  const top = horizon - height * 0.75;
  // One fill for the whole frame (full-frame fills cost milliseconds each at 1080p): the gradient
  // runs down to the horizon, where it meets the fog colour so distant ground dissolves into the
  // sky without a seam, and the gradient's end colour carries on below it.
  const grad = ctx.createLinearGradient(0, top, 0, horizon + 1);
  grad.addColorStop(0, css(palette.skyTop));
  grad.addColorStop(0.55, css(mixRgb(palette.skyTop, palette.skyHorizon, 0.55)));
  grad.addColorStop(0.92, css(palette.skyHorizon));
  grad.addColorStop(1, css(palette.fog));
  ctx.fillStyle = grad;
  ctx.fillRect(-m, -m, width + 2 * m, height + 2 * m);

  const sunFar = {
    x: view.position.x + palette.sunDir.x * 1e5,
    y: view.position.y + palette.sunDir.y * 1e5,
    z: view.position.z + palette.sunDir.z * 1e5,
  };
  const sun = view.project(sunFar);
  if (sun && palette.sunVisible) {
    const glow = fc.sprites.get('sun-glow', () => radialSprite(512, hex('#ffffff'), 0.7));
    const r = height * 0.9;
    ctx.globalCompositeOperation = 'lighter';
    ctx.globalAlpha = 0.45;
    ctx.drawImage(glow, sun.x - r, sun.y - r, r * 2, r * 2);
    ctx.globalAlpha = 0.9;
    const disc = height * 0.035;
    ctx.drawImage(glow, sun.x - disc * 2, sun.y - disc * 2, disc * 4, disc * 4);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
  }
}
