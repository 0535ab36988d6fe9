/**
 * Cars and SUVs as rigid boxes (body, cabin, wheels) in 3D: faces are back-face culled, sorted and
 * shaded by the key light, wheels spin with distance travelled, the body rides a suspension spring
 * and leans into turns. Rigid: the shapes never deform.
 */
import type { Entity } from '../../plan/index.ts';
import { motionDistanceAt, motionSpeedAt } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fogAmount, shade } from '../palette.ts';
import { add, cross, dot, normalize, rotateY, sub, type V3 } from '../vec.ts';
import { radialSprite } from '../sprites.ts';

interface Dimensions {
  length: number;
  width: number;
  bodyBottom: number;
  bodyTop: number;
  cabinTop: number;
  cabinFront: number;
  cabinBack: number;
  wheelRadius: number;
  wheelBase: number;
}

const SUV: Dimensions = { length: 4.7, width: 1.95, bodyBottom: 0.42, bodyTop: 1.15, cabinTop: 1.85, cabinFront: 0.9, cabinBack: -2.15, wheelRadius: 0.4, wheelBase: 1.45 };
const CAR: Dimensions = { length: 4.5, width: 1.8, bodyBottom: 0.3, bodyTop: 0.85, cabinTop: 1.4, cabinFront: 0.6, cabinBack: -1.4, wheelRadius: 0.33, wheelBase: 1.35 };

interface Face {
  pts: V3[];
  color: Rgb;
  depth: number;
  light: number;
}

export function vehicleDrawables(fc: FrameContext, entity: Entity, pose: Pose, world: World): Drawable[] {
  const dims = entity.kind === 'suv' ? SUV : CAR;
  const k = entity.traits.scale;
  const t = fc.t;
  const distance = motionDistanceAt(entity.motion, t);
  const speed = motionSpeedAt(entity.motion, t);
  // Lean into turns: heading change over the next metres times speed², and a suspension bounce.
  const ahead = world.place(entity, t + 0.25).heading;
  const turnRate = (ahead - pose.heading) / 0.25;
  const roll = Math.max(-0.06, Math.min(0.06, -turnRate * speed * 0.004));
  const bounce = 0.025 * Math.sin(distance * 1.9) + 0.012 * Math.sin(distance * 5.3);
  const pitch = 0.01 * Math.sin(distance * 1.3);

  const local = (x: number, y: number, z: number): V3 => {
    // Body frame: roll about the forward axis and pitch, then heading and translation.
    const yy = y + bounce + x * roll + z * pitch;
    const xx = x - y * roll;
    return add(pose.position, rotateY({ x: xx * k, y: yy * k, z: z * k }, pose.heading));
  };
  const wheelLocal = (x: number, y: number, z: number): V3 => add(pose.position, rotateY({ x: x * k, y: y * k, z: z * k }, pose.heading));
  const centre = local(0, 1, 0);
  const nearest = fc.view.depthOf(centre) - dims.length * 0.5 * k;

  return [
    {
      depth: nearest,
      draw: ({ ctx, view, palette, sprites }) => {
        const fog = fogAmount(palette, view.depthOf(centre));
        const paint = hex(entity.traits.color ?? '#2d3a2e');
        const glass = mixRgb(hex('#1b242c'), palette.skyHorizon, 0.25);
        const hw = dims.width / 2;
        const hl = dims.length / 2;

        // Shadow on the road.
        const shadow = [wheelLocal(-hw - 0.1, 0.02, -hl - 0.2), wheelLocal(hw + 0.1, 0.02, -hl - 0.2), wheelLocal(hw + 0.1, 0.02, hl + 0.2), wheelLocal(-hw - 0.1, 0.02, hl + 0.2)].map((p) => view.project(p));
        if (shadow.every((p) => p)) {
          ctx.fillStyle = css(hex('#000000'), 0.45 * (1 - fog));
          ctx.beginPath();
          for (const p of shadow) ctx.lineTo(p!.x, p!.y);
          ctx.fill();
        }

        const faces: Face[] = [];
        const box = (x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, color: Rgb, side?: Rgb, taper = 0) => {
          const c = (x: number, y: number, z: number) => local(x * (y === y1 ? 1 - taper : 1), y, z);
          const v = [c(x0, y0, z0), c(x1, y0, z0), c(x1, y1, z0), c(x0, y1, z0), c(x0, y0, z1), c(x1, y0, z1), c(x1, y1, z1), c(x0, y1, z1)];
          const quads: [number, number, number, number, Rgb][] = [
            [0, 1, 2, 3, side ?? color], // back
            [5, 4, 7, 6, side ?? color], // front
            [4, 0, 3, 7, color], // left
            [1, 5, 6, 2, color], // right
            [3, 2, 6, 7, color], // top
          ];
          for (const [a, b, c2, d, col] of quads) {
            const pts = [v[a]!, v[b]!, v[c2]!, v[d]!];
            const n = normalize(cross(sub(pts[1]!, pts[0]!), sub(pts[3]!, pts[0]!)));
            const mid = { x: (pts[0]!.x + pts[2]!.x) / 2, y: (pts[0]!.y + pts[2]!.y) / 2, z: (pts[0]!.z + pts[2]!.z) / 2 };
            // Outward normals point toward the camera for visible faces.
            if (dot(n, sub(view.position, mid)) <= 0) continue;
            faces.push({ pts, color: col, depth: view.depthOf(mid), light: dot(n, palette.sunDir) });
          }
        };
        box(-hw, hw, dims.bodyBottom, dims.bodyTop, -hl, hl, paint);
        box(-hw + 0.08, hw - 0.08, dims.bodyTop, dims.cabinTop, dims.cabinBack, dims.cabinFront, glass, glass, 0.08);
        if (entity.kind === 'suv') box(-hw + 0.15, hw - 0.15, dims.cabinTop, dims.cabinTop + 0.06, dims.cabinBack + 0.2, dims.cabinFront - 0.3, hex('#111111'));
        faces.sort((a, b) => b.depth - a.depth);

        // Wheels first where they are behind the body's near side; simple: draw all wheels, then body.
        const spin = distance / (dims.wheelRadius * k);
        for (const [wx, wz] of [[-hw, -dims.wheelBase], [hw, -dims.wheelBase], [-hw, dims.wheelBase], [hw, dims.wheelBase]] as const) {
          const outward = wx < 0 ? -1 : 1;
          const hub = wheelLocal(wx + outward * 0.02, dims.wheelRadius, wz);
          const toCam = sub(view.position, hub);
          const sideNormal = rotateY({ x: outward, y: 0, z: 0 }, pose.heading);
          const facing = dot(sideNormal, toCam) > 0;
          const rim: { x: number; y: number }[] = [];
          const tyre: { x: number; y: number }[] = [];
          for (let i = 0; i < 16; i++) {
            const a = (i / 16) * Math.PI * 2;
            const p = view.project(wheelLocal(wx + outward * 0.02, dims.wheelRadius + Math.sin(a) * dims.wheelRadius, wz + Math.cos(a) * dims.wheelRadius));
            const q = view.project(wheelLocal(wx - outward * 0.28, dims.wheelRadius + Math.sin(a) * dims.wheelRadius, wz + Math.cos(a) * dims.wheelRadius));
            if (p) rim.push(p);
            if (q) tyre.push(q);
          }
          ctx.fillStyle = css(mixRgb(hex('#0e0e10'), palette.fog, fog));
          for (const ring of [tyre, rim]) {
            if (ring.length < 3) continue;
            ctx.beginPath();
            for (const p of ring) ctx.lineTo(p.x, p.y);
            ctx.closePath();
            ctx.fill();
          }
          if (facing) {
            // Spokes turn with the distance travelled, so wheel rotation matches ground speed.
            ctx.strokeStyle = css(mixRgb(hex('#9aa0a6'), palette.fog, fog));
            const h = view.project(hub);
            if (!h) continue;
            ctx.lineWidth = Math.max(1, h.scale * 0.05);
            ctx.beginPath();
            for (let s = 0; s < 5; s++) {
              const a = spin + (s / 5) * Math.PI * 2;
              const e = view.project(wheelLocal(wx + outward * 0.03, dims.wheelRadius + Math.sin(a) * dims.wheelRadius * 0.6, wz + Math.cos(a) * dims.wheelRadius * 0.6));
              if (!e) continue;
              ctx.moveTo(h.x, h.y);
              ctx.lineTo(e.x, e.y);
            }
            ctx.stroke();
          }
        }

        for (const f of faces) {
          const ps = f.pts.map((p) => view.project(p));
          if (ps.some((p) => !p)) continue;
          const lit = shade(palette, f.color, f.light, 0);
          // A little specular lift on faces turned toward the sun (paint and glass glint).
          const glint = Math.max(0, f.light) ** 8 * 0.6 * palette.keyStrength;
          ctx.fillStyle = css(mixRgb(mixRgb(lit, hex('#ffffff'), glint), palette.fog, fog));
          ctx.beginPath();
          for (const p of ps) ctx.lineTo(p!.x, p!.y);
          ctx.closePath();
          ctx.fill();
        }

        // Lights: tail lights at the back, headlights at the front, with a glow at night or in fog.
        const glow = sprites.get('car-light', () => radialSprite(64, hex('#ffffff'), 1));
        for (const [z, color, size] of [[-hl - 0.01, hex('#ff2a1a'), 0.18], [hl + 0.01, hex('#fff6d8'), 0.2]] as const) {
          for (const x of [-hw + 0.3, hw - 0.3]) {
            const p = view.project(local(x, dims.bodyTop - 0.2, z));
            if (!p) continue;
            const facingLight = dot(sub(view.position, local(0, 1, z)), rotateY({ x: 0, y: 0, z: Math.sign(z) }, pose.heading)) > 0;
            if (!facingLight) continue;
            const r = size * k * p.scale;
            ctx.fillStyle = css(mixRgb(color, palette.fog, fog * 0.5));
            ctx.fillRect(p.x - r, p.y - r * 0.5, r * 2, r);
            if (palette.night || palette.keyStrength < 0.5) {
              ctx.globalCompositeOperation = 'lighter';
              ctx.globalAlpha = 0.5;
              ctx.drawImage(glow, p.x - r * 4, p.y - r * 4, r * 8, r * 8);
              ctx.globalAlpha = 1;
              ctx.globalCompositeOperation = 'source-over';
            }
          }
        }
      },
    },
  ];
}
