import { css, hex, mixRgb } from '../color.ts';
import type { FrameContext } from '../frame.ts';
import { flashAt } from '../lightning.ts';
import { deg } from '../../lib/math.ts';
import { hash01 } from '../../lib/random.ts';
import { radialSprite } from '../sprites.ts';

/** Sky gradient down to the horizon, the horizon colour below it, and a sun glow when it is up. */
export function drawSky(fc: FrameContext): void {
  const { ctx, view, palette, width, height } = fc;
  const horizon = view.horizonY();
  // The gradient's top is tied to the horizon, not the frame, so a camera looking down still sees the
  // sky deepen toward the zenith within the frame. It runs down to the horizon, where it meets the fog
  // colour so distant ground dissolves into the sky without a seam.
  const top = horizon - height * 0.75;
  // Skia fills an axis-aligned rectangle several times faster than a rotated one, and a solid colour
  // several times faster than a gradient. So the sky is filled in device space, unrolled, with the
  // gradient's line rolled instead: the gradient only over the rows its band crosses, the end colours
  // as solid fills above and below (the gradient clamps to the same colours, so no seam shows).
  const ctm = ctx.getTransform();
  const device = (x: number, y: number) => ({
    x: ctm.a * x + ctm.c * y + ctm.e,
    y: ctm.b * x + ctm.d * y + ctm.f,
  });
  const [from, to] = [device(width / 2, top), device(width / 2, horizon + 1)];
  const gradient = ctx.createLinearGradient(from.x, from.y, to.x, to.y);
  gradient.addColorStop(0, css(palette.skyTop));
  gradient.addColorStop(0.55, css(mixRgb(palette.skyTop, palette.skyHorizon, 0.55)));
  gradient.addColorStop(0.92, css(palette.skyHorizon));
  gradient.addColorStop(1, css(palette.fog));
  // The rows (device space) that the band between the gradient's two lines touches.
  const rows = [top, horizon + 1].flatMap((y) => [device(-width, y).y, device(2 * width, y).y]);
  const bandTop = Math.min(Math.max(Math.floor(Math.min(...rows)), 0), height);
  const bandBottom = Math.min(Math.max(Math.ceil(Math.max(...rows)), 0), height);
  ctx.save();
  ctx.resetTransform();
  // Which end colour lies above the band depends on which way up the frame is rolled.
  const [above, below] = from.y <= to.y ? [palette.skyTop, palette.fog] : [palette.fog, palette.skyTop];
  if (bandTop > 0) {
    ctx.fillStyle = css(above);
    ctx.fillRect(0, 0, width, bandTop);
  }
  if (bandBottom < height) {
    ctx.fillStyle = css(below);
    ctx.fillRect(0, bandBottom, width, height - bandBottom);
  }
  if (bandBottom > bandTop) {
    ctx.fillStyle = gradient;
    ctx.fillRect(0, bandTop, width, bandBottom - bandTop);
  }
  ctx.restore();

  if (palette.night && (fc.shot.weather === 'clear' || fc.shot.weather === 'cloudy')) {
    drawStars(fc, fc.shot.weather === 'clear' ? 900 : 250, 0.9, true);
    drawMoon(fc);
  }

  const sunFar = {
    x: view.position.x + palette.sunDir.x * 1e5,
    y: view.position.y + palette.sunDir.y * 1e5,
    z: view.position.z + palette.sunDir.z * 1e5,
  };
  const sun = view.project(sunFar);
  if (sun && palette.sunVisible) {
    const glow = fc.sprites.get('sun-glow', () => radialSprite(512, hex('#ffffff'), 0.7));
    const r = height * 0.9;
    // Round, so drawn in device space whatever the roll: Skia scales an unrotated sprite about twice
    // as fast, and the halo covers most of the frame.
    const at = device(sun.x, sun.y);
    ctx.save();
    ctx.resetTransform();
    ctx.globalCompositeOperation = 'lighter';
    ctx.globalAlpha = 0.45;
    // The halo is a soft gradient blown up several times: nearest-pixel sampling shows no difference
    // and costs a fraction of filtering. The small disc keeps its filtering.
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(glow, at.x - r, at.y - r, r * 2, r * 2);
    ctx.imageSmoothingEnabled = true;
    ctx.globalAlpha = 0.9;
    const disc = height * 0.035;
    ctx.drawImage(glow, at.x - disc * 2, at.y - disc * 2, disc * 4, disc * 4);
    ctx.restore();
  }
  // Enough margin to cover the corners under a few degrees of roll.
  drawLightningSky(fc, Math.abs(Math.sin(fc.roll)) * width * 0.6 + 4);
}

/**
 * The moon on a clear or cloudy night: fixed in the sky (it keeps still while the camera pans), set
 * where the shot's opening view sees it, a little above the horizon and to one side, so that a night
 * sky reads as one. Drawn a few times its true size, as films do.
 */
function drawMoon(fc: FrameContext): void {
  const { ctx, view, opening, seed, width, height } = fc;
  const dx = opening.lookAt.x - opening.position.x;
  const dz = opening.lookAt.z - opening.position.z;
  const yaw = Math.atan2(dx, dz);
  const pitch = Math.atan2(opening.lookAt.y - opening.position.y, Math.hypot(dx, dz));
  const halfHigh = deg(opening.fovDeg / 2);
  const halfWide = Math.atan((Math.tan(halfHigh) * width) / height);
  const side = hash01(seed, 7101) < 0.5 ? -1 : 1;
  const azimuth = yaw + side * halfWide * (0.3 + hash01(seed, 7102) * 0.4);
  // In the upper half of the opening frame, and never down in the haze at the horizon.
  const elevation = Math.max(deg(4), pitch + halfHigh * (0.4 + hash01(seed, 7103) * 0.3));
  const far = 1e5;
  const p = view.project({
    x: view.position.x + Math.sin(azimuth) * Math.cos(elevation) * far,
    y: view.position.y + Math.sin(elevation) * far,
    z: view.position.z + Math.cos(azimuth) * Math.cos(elevation) * far,
  });
  if (!p) return;
  const r = height * 0.03;
  const haze = fc.sprites.get('moon-haze', () => radialSprite(256, hex('#c8d4ff'), 0.8));
  ctx.globalCompositeOperation = 'lighter';
  ctx.globalAlpha = 0.35;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(haze, p.x - r * 7, p.y - r * 7, r * 14, r * 14);
  ctx.imageSmoothingEnabled = true;
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
  // The disc: lit a little more toward one limb, with the darker seas of its face.
  const face = ctx.createRadialGradient(p.x - r * 0.3, p.y - r * 0.3, r * 0.1, p.x, p.y, r);
  face.addColorStop(0, '#f6f3ea');
  face.addColorStop(1, '#d8d3c6');
  ctx.fillStyle = face;
  ctx.beginPath();
  ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = 'rgba(120, 124, 138, 0.22)';
  for (const [dx, dy, rx, ry] of [
    [-0.25, -0.2, 0.32, 0.24],
    [0.2, 0.05, 0.26, 0.3],
    [-0.05, 0.38, 0.22, 0.16],
  ] as const) {
    ctx.beginPath();
    ctx.ellipse(p.x + dx * r, p.y + dy * r, rx * r, ry * r, 0.4, 0, Math.PI * 2);
    ctx.fill();
  }
}

/**
 * Stars fixed on the celestial sphere (so they keep still while the camera pans), brighter ones
 * fewer, fading into the haze toward the horizon. `drift` turns the whole sphere slowly (radians a
 * second) for space, where a slow drift is the motion.
 */
export function drawStars(
  fc: FrameContext,
  count: number,
  brightness: number,
  upperOnly: boolean,
  drift = 0,
): void {
  const { ctx, view, seed, unit } = fc;
  const horizon = view.horizonY();
  const turn = drift * fc.t;
  const cos = Math.cos(turn);
  const sin = Math.sin(turn);
  const size = Math.max(1, 1.6 * unit);
  // Three brightness classes, each one path: thousands of tiny rects cost little as three fills.
  for (const [cls, share, alpha, scale] of [
    [0, 0.75, 0.45, 0.8],
    [1, 0.2, 0.75, 1],
    [2, 0.05, 1, 1.5],
  ] as const) {
    ctx.beginPath();
    const n = Math.round(count * share);
    for (let i = 0; i < n; i++) {
      const u = hash01(seed, 7001, cls, i);
      const v = hash01(seed, 7002, cls, i);
      const y = upperOnly ? 0.02 + u * 0.98 : u * 2 - 1;
      const r = Math.sqrt(1 - y * y);
      const a = v * Math.PI * 2;
      const dx = r * Math.cos(a);
      const dz = r * Math.sin(a);
      const p = view.project({
        x: view.position.x + (dx * cos - dz * sin) * 1e5,
        y: view.position.y + y * 1e5,
        z: view.position.z + (dx * sin + dz * cos) * 1e5,
      });
      if (!p || p.x < 0 || p.y < 0 || p.x > fc.width || p.y > fc.height) continue;
      if (upperOnly && p.y > horizon - 4) continue;
      const s = size * scale;
      ctx.rect(p.x - s / 2, p.y - s / 2, s, s);
    }
    ctx.fillStyle = css(hex('#e8eeff'), alpha * brightness);
    ctx.fill();
  }
}

/** A lightning flash in the sky: the clouds light up and, for a strike, a forked bolt comes down. */
function drawLightningSky(fc: FrameContext, margin: number): void {
  const local = fc.t / fc.shot.timeScale;
  const flash = flashAt(fc.shot, local);
  if (flash.intensity <= 0.01 || !flash.strike) return;
  const { ctx, view, width, height, unit } = fc;
  const horizon = view.horizonY();
  ctx.globalCompositeOperation = 'lighter';
  const glow = ctx.createLinearGradient(0, horizon - height, 0, horizon);
  glow.addColorStop(0, css(hex('#c9d4ff'), 0.55 * flash.intensity));
  glow.addColorStop(1, css(hex('#e6e9ff'), 0.25 * flash.intensity));
  ctx.fillStyle = glow;
  ctx.fillRect(-margin, -margin, width + 2 * margin, horizon + margin);
  if (!flash.strike.sheet && flash.age < 0.45) {
    const key = flash.strike.key;
    // The bolt stands a few kilometres off, somewhere within the middle of the frame.
    const yaw = (hash01(fc.seed, key, 1) - 0.5) * 0.7 * Math.atan(view.width / 2 / view.focal) * 2;
    const fx = view.forward.x * Math.cos(yaw) - view.forward.z * Math.sin(yaw);
    const fz = view.forward.x * Math.sin(yaw) + view.forward.z * Math.cos(yaw);
    const norm = Math.hypot(fx, fz) || 1;
    const far = 2500;
    const base = { x: view.position.x + (fx / norm) * far, z: view.position.z + (fz / norm) * far };
    const top = view.project({ ...base, y: view.position.y + 1400 });
    const foot = view.project({ ...base, y: 0 });
    if (top && foot) {
      const fade = flash.intensity;
      const path = boltPath(fc.seed, key, top.x, Math.max(top.y, -height * 0.1), foot.x, foot.y, height);
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      for (const [w, a] of [
        [14, 0.12],
        [5, 0.35],
        [1.6, 1],
      ] as const) {
        ctx.strokeStyle = css(hex(w > 2 ? '#9fb2ff' : '#ffffff'), a * fade);
        for (const [k, branch] of path.entries()) {
          ctx.lineWidth = Math.max(1, w * unit * (k === 0 ? 1 : 0.55));
          ctx.beginPath();
          ctx.moveTo(branch[0]![0], branch[0]![1]);
          for (const p of branch) ctx.lineTo(p[0], p[1]);
          ctx.stroke();
        }
      }
    }
  }
  ctx.globalCompositeOperation = 'source-over';
}

/** A jagged bolt from (x0, y0) to (x1, y1) by midpoint displacement, with two or three forks. */
function boltPath(
  seed: number,
  key: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  height: number,
): [number, number][][] {
  const jag = (ax: number, ay: number, bx: number, by: number, salt: number, depth: number) => {
    let pts: [number, number][] = [
      [ax, ay],
      [bx, by],
    ];
    let spread = Math.hypot(bx - ax, by - ay) * 0.22;
    for (let level = 0; level < depth; level++) {
      const next: [number, number][] = [pts[0]!];
      for (let i = 1; i < pts.length; i++) {
        const [px, py] = pts[i - 1]!;
        const [qx, qy] = pts[i]!;
        const off = (hash01(seed, key, salt, level, i) - 0.5) * spread;
        next.push([(px + qx) / 2 + off, (py + qy) / 2 + off * 0.15], [qx, qy]);
      }
      pts = next;
      spread *= 0.55;
    }
    return pts;
  };
  const trunk = jag(x0, y0, x1, y1, 0, 6);
  const branches = [trunk];
  const forks = 2 + Math.floor(hash01(seed, key, 9) * 2);
  for (let f = 0; f < forks; f++) {
    const at = trunk[Math.floor(trunk.length * (0.2 + 0.5 * hash01(seed, key, 10, f)))]!;
    const dir = hash01(seed, key, 11, f) < 0.5 ? -1 : 1;
    const len = height * (0.08 + 0.12 * hash01(seed, key, 12, f));
    branches.push(jag(at[0], at[1], at[0] + dir * len * 0.8, at[1] + len, 20 + f, 4));
  }
  return branches;
}
