/**
 * A sea serpent breaching: a dark bulge spreads on the water before the surfacing event, then a neck
 * and tentacles rise with follow-through, a splash bursts and a foam ring spreads from the breach.
 */
import type { Entity } from '../../plan/index.ts';
import { clamp, smoothstep } from '../../lib/math.ts';
import { hash01 } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb } from '../color.ts';
import type { Drawable, FrameContext } from '../frame.ts';
import { fogAmount } from '../palette.ts';
import type { V3 } from '../vec.ts';
import { projectChain, strokeTube } from './chain.ts';

const NECK_LENGTH = 15;
const SEGMENTS = 26;

/** How far the monster has risen (0..1) at shot-local time t: fast, then settling. */
export function riseProgress(entity: Entity, t: number): number {
  const since = t - entity.motion.start;
  if (since <= 0) return 0;
  const x = clamp((since * Math.max(0.5, entity.motion.speed)) / NECK_LENGTH, 0, 1);
  return 1 - (1 - x) ** 3;
}

function neck(base: V3, rise: number, t: number, scale: number): { points: V3[]; radii: number[] } {
  const points: V3[] = [];
  const radii: number[] = [];
  const length = NECK_LENGTH * scale * rise;
  for (let i = 0; i <= SEGMENTS; i++) {
    const u = i / SEGMENTS;
    const s = u * length;
    // An S-curve leaning toward the viewer at the top; the sway travels up the neck (follow-through).
    const sway = Math.sin(t * 0.9 - u * 2.2) * 1.2 * u * scale;
    points.push({
      x: base.x + sway - Math.sin(u * Math.PI * 1.6) * 3.2 * scale * u,
      y: base.y - 2 + s * (1 - 0.25 * u * u),
      z: base.z - (u * u * 6 - Math.sin(u * 3.1) * 2) * scale * rise,
    });
    radii.push((1.9 - 1.25 * u) * scale);
  }
  return { points, radii };
}

function tentacle(
  root: V3,
  rise: number,
  t: number,
  scale: number,
  phase: number,
  length: number,
): { points: V3[]; radii: number[] } {
  const points: V3[] = [];
  const radii: number[] = [];
  const n = 18;
  for (let i = 0; i <= n; i++) {
    const u = i / n;
    const curl = u * u * u * 5.5 * (0.7 + 0.3 * Math.sin(t * 0.7 + phase));
    const s = u * length * scale * rise;
    points.push({
      x: root.x + Math.sin(curl + phase) * 1.2 * u * scale + Math.sin(t * 1.3 + phase + u * 3) * 0.5 * u,
      y: root.y - 1 + Math.sin(u * Math.PI * 0.55) * s * 0.9 - curl * 0.4,
      z: root.z - Math.cos(curl + phase) * 1.4 * u * scale,
    });
    radii.push((0.85 * (1 - u) ** 1.3 + 0.05) * scale);
  }
  return { points, radii };
}

export function seaMonsterDrawables(fc: FrameContext, entity: Entity, pose: Pose): Drawable[] {
  const t = fc.t;
  const scale = entity.traits.scale;
  const base = pose.position;
  const rise = riseProgress(entity, t);
  const since = t - entity.motion.start;
  const body = hex(entity.traits.color ?? '#1d2a2a');
  const out: Drawable[] = [];
  const baseDepth = fc.view.depthOf(base);

  // Before it breaks the surface: the water ahead darkens and bulges.
  const warning = smoothstep(-2.2, 0, since) * (1 - smoothstep(0.5, 2.5, since));
  if (warning > 0.01) {
    out.push({
      depth: baseDepth + 0.5,
      draw: ({ ctx, view, palette }) => {
        const ring: { x: number; y: number }[] = [];
        for (let i = 0; i < 24; i++) {
          const a = (i / 24) * Math.PI * 2;
          const p = view.project({
            x: base.x + Math.cos(a) * 7 * scale,
            y: 0.15,
            z: base.z + Math.sin(a) * 5 * scale,
          });
          if (p) ring.push(p);
        }
        if (ring.length < 3) return;
        ctx.fillStyle = css(
          mixRgb(hex('#050b0b'), palette.fog, fogAmount(palette, baseDepth) * 0.8),
          0.55 * warning,
        );
        ctx.beginPath();
        for (const p of ring) ctx.lineTo(p.x, p.y);
        ctx.closePath();
        ctx.fill();
      },
    });
  }
  if (rise <= 0) return out;

  const tentacles = [
    { dx: -7.5, dz: 2, phase: 0.4, length: 10, delay: 0.5 },
    { dx: 6, dz: -1, phase: 2.2, length: 12, delay: 0.8 },
    { dx: -3, dz: -4.5, phase: 4.1, length: 8, delay: 1.2 },
  ];
  out.push({
    depth: baseDepth,
    draw: ({ ctx, view, palette }) => {
      for (const tc of tentacles) {
        const r = clamp((since - tc.delay) * 0.6, 0, 1);
        if (r <= 0) continue;
        const root = { x: base.x + tc.dx * scale, y: 0, z: base.z + tc.dz * scale };
        const { points, radii } = tentacle(root, 1 - (1 - r) ** 2, t, scale, tc.phase, tc.length);
        const pts = projectChain(view, points, radii);
        const depth = view.depthOf(root);
        ctx.strokeStyle = css(mixRgb(scaleRgb(body, 0.9), palette.fog, fogAmount(palette, depth)));
        strokeTube(ctx, pts);
      }
      const { points, radii } = neck(base, rise, t, scale);
      const pts = projectChain(view, points, radii);
      // Held back from the fog a little: the look book wants its near parts in hard silhouette.
      const fog = fogAmount(palette, baseDepth) * 0.75;
      ctx.strokeStyle = css(mixRgb(body, palette.fog, fog));
      if (!strokeTube(ctx, pts)) return;
      // Wet sheen along the lit side gives the silhouette form without losing its darkness.
      ctx.strokeStyle = css(mixRgb(hex('#4f6a66'), palette.fog, fog), 0.35);
      strokeTube(ctx, pts, 0.08, { x: -0.6, y: -0.25 });
      // Dorsal spines along the top of the neck, shrinking toward the head.
      ctx.fillStyle = css(mixRgb(scaleRgb(body, 0.7), palette.fog, fog));
      ctx.beginPath();
      for (let i = 2; i < pts.length - 3; i += 2) {
        const a = pts[i]!;
        const b = pts[i + 1]!;
        let nx = -(b.y - a.y);
        let ny = b.x - a.x;
        const l = Math.hypot(nx, ny) || 1;
        nx /= l;
        ny /= l;
        if (ny > 0) {
          nx = -nx;
          ny = -ny;
        }
        const h = a.r * (1.1 - i / pts.length) * 0.9;
        ctx.moveTo(a.x + nx * a.r * 0.8, a.y + ny * a.r * 0.8);
        ctx.lineTo((a.x + b.x) / 2 + nx * (a.r + h), (a.y + b.y) / 2 + ny * (a.r + h));
        ctx.lineTo(b.x + nx * b.r * 0.8, b.y + ny * b.r * 0.8);
        ctx.closePath();
      }
      ctx.fill();
      // Head: a heavy snout pointing down toward the ship, with a faint eye.
      const top = points[points.length - 1]!;
      if (rise > 0.5) {
        const dir = { x: -Math.sign(base.x - view.position.x) * 0.5, y: -0.55, z: -1 };
        const headPts = [0, 0.35, 0.7, 1].map((u) => ({
          x: top.x + dir.x * u * 3.2 * scale,
          y: top.y + dir.y * u * 3.2 * scale + Math.sin(u * Math.PI) * 0.6 * scale,
          z: top.z + dir.z * u * 3.2 * scale,
        }));
        const head = projectChain(
          view,
          headPts,
          [0.75, 0.9, 0.7, 0.45].map((r) => r * scale),
        );
        ctx.strokeStyle = css(mixRgb(body, palette.fog, fog));
        strokeTube(ctx, head);
        const eye = head[1];
        if (eye) {
          ctx.fillStyle = css(mixRgb(hex('#d8e86a'), palette.fog, fog * 0.6), clamp((rise - 0.6) * 3, 0, 1));
          ctx.beginPath();
          ctx.arc(eye.x, eye.y - eye.r * 0.35, Math.max(1, eye.r * 0.16), 0, Math.PI * 2);
          ctx.fill();
        }
      }
    },
  });

  // Splash and foam ring at the breach, slightly in front of the body.
  out.push({
    depth: baseDepth - 2,
    draw: ({ ctx, view, palette }) => {
      const fog = fogAmount(palette, baseDepth);
      const foam = mixRgb(hex('#e8eeec'), palette.fog, fog * 0.85);
      const ringR = (3 + since * 4) * scale;
      const ringAlpha = clamp(1 - since / 6, 0, 1);
      if (ringAlpha > 0) {
        ctx.strokeStyle = css(foam, 0.7 * ringAlpha);
        ctx.lineWidth = Math.max(1, (view.project(base)?.scale ?? 1) * 0.5);
        ctx.beginPath();
        for (let i = 0; i <= 32; i++) {
          const a = (i / 32) * Math.PI * 2;
          const p = view.project({
            x: base.x + Math.cos(a) * ringR,
            y: 0.2,
            z: base.z + Math.sin(a) * ringR * 0.8,
          });
          if (p) ctx.lineTo(p.x, p.y);
        }
        ctx.stroke();
      }
      if (since > 3) return;
      ctx.fillStyle = css(foam, 0.85);
      for (let i = 0; i < 260; i++) {
        const r = (k: number) => hash01(fc.seed, i, k, 77);
        const delay = r(1) * 0.6;
        const age = since - delay;
        if (age <= 0) continue;
        const a = r(2) * Math.PI * 2;
        const speed = 2 + r(3) * 6;
        const vy = 5 + r(4) * 9;
        const y = -0.2 + vy * age - 4.9 * age * age;
        if (y < -0.3) continue;
        const p = view.project({
          x: base.x + Math.cos(a) * (2 + speed * age),
          y,
          z: base.z + Math.sin(a) * (1.5 + speed * age * 0.8),
        });
        if (!p) continue;
        const size = Math.max(0.8, p.scale * (0.08 + r(5) * 0.18));
        ctx.beginPath();
        ctx.arc(p.x, p.y, size, 0, Math.PI * 2);
        ctx.fill();
      }
    },
  });
  return out;
}
