/**
 * A small high-wing propeller plane: fuselage sections, tapered wings with dihedral, a tailplane and
 * fin, built from convex solids sorted part by part. It flies level along its heading at the altitude
 * it starts at, banking and bobbing gently; the spinning propeller is a translucent disc.
 */
import type { Entity } from '../../plan/index.ts';
import { motionSpeedAt } from '../../plan/motion.ts';
import { hashString } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fogAmount } from '../palette.ts';
import { add, rotateY, type V3 } from '../vec.ts';
import { fillFaces, hexahedronFaces, type Face } from './solid.ts';

const G = 9.81;
const GLASS = hex('#26333d');
const DARK = hex('#1d1f22');

interface Section {
  z: number;
  halfWidth: number;
  halfHeight: number;
  y: number;
}

/** Fuselage stations from the tail to the spinner, metres (a Cessna 172 is 8.3 m long, 11 m across). */
const FUSELAGE: readonly Section[] = [
  { z: -4.3, halfWidth: 0.1, halfHeight: 0.18, y: 0.5 },
  { z: -0.9, halfWidth: 0.45, halfHeight: 0.5, y: 0.15 },
  { z: 1.0, halfWidth: 0.56, halfHeight: 0.7, y: 0.12 },
  { z: 2.9, halfWidth: 0.52, halfHeight: 0.52, y: 0.02 },
  { z: 3.9, halfWidth: 0.34, halfHeight: 0.34, y: 0 },
];
const PROP_Z = 4.05;
const PROP_RADIUS = 0.95;

interface Part {
  corners: V3[];
  color: Rgb;
  ends: Rgb;
  centre: V3;
}

/** Eight corners from a back ring and a front ring, each listed (−x,−y), (+x,−y), (+x,+y), (−x,+y). */
const ring = (z: number, x0: number, x1: number, y0: number, y1: number): V3[] => [
  { x: x0, y: y0, z },
  { x: x1, y: y0, z },
  { x: x1, y: y1, z },
  { x: x0, y: y1, z },
];

/** Where the plane is and how it is attitudinised at t: level flight with a gentle bank and bob. */
export function airplaneAttitude(
  entity: Entity,
  pose: Pose,
  t: number,
  levelY: number,
): { position: V3; heading: number; pitch: number; roll: number } {
  const seed = (hashString(entity.id) % 1000) / 160;
  const flying =
    entity.motion.type === 'fly' || entity.motion.type === 'fall' || motionSpeedAt(entity.motion, t) > 0;
  let y = levelY;
  let pitch = 0;
  let roll = 0;
  if (flying) {
    // Slow, incommensurate periods: the plane rides the air without a visible loop.
    roll = 0.09 * Math.sin(0.31 * t + seed) + 0.04 * Math.sin(0.83 * t + seed * 2);
    pitch = 0.02 * Math.sin(0.47 * t + seed * 3);
    y += 0.35 * Math.sin(0.53 * t + seed * 1.7);
  }
  if (entity.motion.type === 'fall' && t > entity.motion.start) {
    // Stalls, drops its nose and spirals down under gravity until it reaches the ground.
    const tau = t - entity.motion.start;
    const ground = pose.position.y - entity.position.y;
    y = Math.max(ground + 1, y - 0.3 * G * tau * tau);
    pitch -= Math.min(0.8, tau * 0.45);
    roll += tau * 1.4;
  }
  return { position: { x: pose.position.x, y, z: pose.position.z }, heading: pose.heading, pitch, roll };
}

export function airplaneDrawables(fc: FrameContext, entity: Entity, pose: Pose, world: World): Drawable[] {
  // Level flight at the height it starts at: the world puts ground entities on the terrain under them,
  // which would make a plane follow the hills.
  const start = world.place({ ...entity, motion: { ...entity.motion, speed: 0 } }, 0).position.y;
  const att = airplaneAttitude(entity, pose, fc.t, start);
  const k = entity.traits.scale;
  const cr = Math.cos(att.roll);
  const sr = Math.sin(att.roll);
  const cp = Math.cos(att.pitch);
  const sp = Math.sin(att.pitch);
  const world3 = (p: V3): V3 => {
    // Bank about the nose axis, pitch about the wing axis, then heading and position.
    const x1 = p.x * cr - p.y * sr;
    const y1 = p.x * sr + p.y * cr;
    const y2 = y1 * cp + p.z * sp;
    const z2 = p.z * cp - y1 * sp;
    return add(att.position, rotateY({ x: x1 * k, y: y2 * k, z: z2 * k }, att.heading));
  };
  const centre = world3({ x: 0, y: 0.3, z: 0 });
  const depth = fc.view.depthOf(centre);
  if (depth < 0.5) return [];

  return [
    {
      depth,
      draw: ({ ctx, view, palette }) => {
        const fog = fogAmount(palette, depth);
        const paint = hex(entity.traits.color ?? '#e9e9e4');
        const accent = hex(entity.traits.secondaryColor ?? '#b3261e');
        const parts: Part[] = [];
        const add8 = (local: V3[], color: Rgb, ends = color) => {
          const corners = local.map(world3);
          const c = corners.reduce((a, p) => add(a, { x: p.x / 8, y: p.y / 8, z: p.z / 8 }), {
            x: 0,
            y: 0,
            z: 0,
          });
          parts.push({ corners, color, ends, centre: c });
        };

        // Fuselage: consecutive stations joined; the cabin section has glass above the belt line.
        for (let i = 0; i + 1 < FUSELAGE.length; i++) {
          const a = FUSELAGE[i]!;
          const b = FUSELAGE[i + 1]!;
          const ringOf = (s: Section, y0: number, y1: number) => ring(s.z, -s.halfWidth, s.halfWidth, y0, y1);
          if (i === 1 || i === 2) {
            const beltA = a.y + a.halfHeight * 0.15;
            const beltB = b.y + b.halfHeight * 0.15;
            add8([...ringOf(a, a.y - a.halfHeight, beltA), ...ringOf(b, b.y - b.halfHeight, beltB)], paint);
            add8(
              [...ringOf(a, beltA, a.y + a.halfHeight), ...ringOf(b, beltB, b.y + b.halfHeight)],
              i === 1 ? paint : GLASS,
              i === 1 ? paint : GLASS,
            );
          } else {
            add8(
              [
                ...ringOf(a, a.y - a.halfHeight, a.y + a.halfHeight),
                ...ringOf(b, b.y - b.halfHeight, b.y + b.halfHeight),
              ],
              i === 3 ? accent : paint,
            );
          }
        }
        // A belt stripe in the accent colour along the rear fuselage reads at a distance.
        add8([...ring(-3.6, -0.2, 0.2, 0.3, 0.42), ...ring(-0.9, -0.47, 0.47, 0.05, 0.2)], accent);

        // Wings: high on the cabin roof, tapering to the tips, with dihedral.
        const wingY = 0.84;
        for (const s of [-1, 1]) {
          const root = s * 0.05;
          const tip = s * 5.5;
          const [x0, x1] = s < 0 ? [tip, root] : [root, tip];
          const tipLift = 0.3;
          const corner = (x: number, y: number, z: number) => {
            const atTip = Math.abs(x) > 1;
            // The tip is shorter in chord and raised (dihedral).
            return { x, y: y + (atTip ? tipLift : 0), z: atTip ? 0.95 + (z - 0.95) * 0.65 : z };
          };
          const z0 = 0.15;
          const z1 = 1.75;
          const y0 = wingY;
          const y1 = wingY + 0.13;
          add8(
            [
              corner(x0, y0, z0),
              corner(x1, y0, z0),
              corner(x1, y1, z0),
              corner(x0, y1, z0),
              corner(x0, y0, z1),
              corner(x1, y0, z1),
              corner(x1, y1, z1),
              corner(x0, y1, z1),
            ],
            paint,
          );
          // Wing tips in the accent colour, and a strut from the fuselage to the wing.
          const t0 = s * 5.5;
          const t1 = s * 5.62;
          add8(
            [
              ...ring(0.45, Math.min(t0, t1), Math.max(t0, t1), y0 + tipLift, y1 + tipLift),
              ...ring(1.5, Math.min(t0, t1), Math.max(t0, t1), y0 + tipLift, y1 + tipLift),
            ],
            accent,
          );
          const lo = { x: s * 0.5, y: -0.35 };
          const hi = { x: s * 2.6, y: wingY + 0.12 };
          const w = 0.05;
          add8(
            [
              { x: lo.x - w, y: lo.y, z: 0.95 },
              { x: lo.x + w, y: lo.y, z: 0.95 },
              { x: hi.x + w, y: hi.y, z: 0.95 },
              { x: hi.x - w, y: hi.y, z: 0.95 },
              { x: lo.x - w, y: lo.y, z: 1.1 },
              { x: lo.x + w, y: lo.y, z: 1.1 },
              { x: hi.x + w, y: hi.y, z: 1.1 },
              { x: hi.x - w, y: hi.y, z: 1.1 },
            ],
            paint,
          );
          // Tailplane halves.
          const [h0, h1] = s < 0 ? [-1.75, -0.05] : [0.05, 1.75];
          add8([...ring(-4.35, h0, h1, 0.42, 0.5), ...ring(-3.55, h0 * 0.8, h1 * 0.8, 0.42, 0.5)], paint);
          // Main wheels on short legs.
          add8(
            [
              ...ring(0.55, s * 0.95 - 0.1, s * 0.95 + 0.1, -1.05, -0.6),
              ...ring(0.95, s * 0.95 - 0.1, s * 0.95 + 0.1, -1.05, -0.6),
            ],
            DARK,
          );
        }
        // Nose wheel.
        add8([...ring(2.9, -0.08, 0.08, -1.0, -0.55), ...ring(3.25, -0.08, 0.08, -1.0, -0.55)], DARK);
        // Fin and rudder, swept back, in the accent colour.
        add8(
          [
            { x: -0.05, y: 0.55, z: -4.4 },
            { x: 0.05, y: 0.55, z: -4.4 },
            { x: 0.05, y: 1.95, z: -4.55 },
            { x: -0.05, y: 1.95, z: -4.55 },
            { x: -0.05, y: 0.6, z: -3.0 },
            { x: 0.05, y: 0.6, z: -3.0 },
            { x: 0.05, y: 1.95, z: -3.95 },
            { x: -0.05, y: 1.95, z: -3.95 },
          ],
          accent,
        );

        const hub = world3({ x: 0, y: 0, z: PROP_Z });
        const propFirst = view.depthOf(hub) > view.depthOf(world3({ x: 0, y: 0, z: 2 }));
        const drawProp = () => drawPropeller(ctx, fc, entity, world3, fog, palette.fog);
        if (propFirst) drawProp();
        // Part by part, far to near: each part is convex, so its own visible faces never overlap.
        parts.sort((a, b) => view.depthOf(b.centre) - view.depthOf(a.centre));
        for (const part of parts) {
          const faces: Face[] = [];
          hexahedronFaces(view, palette.sunDir, part.corners, part.color, faces, part.ends, true);
          fillFaces(ctx, view, palette, faces, fog, 0.8);
        }
        if (!propFirst) drawProp();
      },
    },
  ];
}

function drawPropeller(
  ctx: FrameContext['ctx'],
  fc: FrameContext,
  entity: Entity,
  world3: (p: V3) => V3,
  fog: number,
  fogColor: Rgb,
): void {
  const { view } = fc;
  const spinning =
    entity.motion.type === 'fly' || entity.motion.type === 'fall' || motionSpeedAt(entity.motion, fc.t) > 0;
  if (spinning) {
    // At 2,400 rpm the blades are a blur: a translucent disc with a darker rim.
    const pts = [];
    for (let i = 0; i < 28; i++) {
      const a = (i / 28) * Math.PI * 2;
      const p = view.project(
        world3({ x: Math.cos(a) * PROP_RADIUS, y: Math.sin(a) * PROP_RADIUS, z: PROP_Z }),
      );
      if (!p) return;
      pts.push(p);
    }
    ctx.fillStyle = css(mixRgb(hex('#8e949a'), fogColor, fog), 0.28);
    ctx.beginPath();
    for (const p of pts) ctx.lineTo(p.x, p.y);
    ctx.closePath();
    ctx.fill();
    ctx.strokeStyle = css(mixRgb(hex('#2a2c30'), fogColor, fog), 0.35);
    ctx.lineWidth = Math.max(1, 0.05 * (view.project(world3({ x: 0, y: 0, z: PROP_Z }))?.scale ?? 0));
    ctx.stroke();
  } else {
    // Parked: two still blades.
    for (const a of [0.6, 0.6 + Math.PI]) {
      const tip = view.project(
        world3({ x: Math.cos(a) * PROP_RADIUS, y: Math.sin(a) * PROP_RADIUS, z: PROP_Z }),
      );
      const hub = view.project(world3({ x: 0, y: 0, z: PROP_Z }));
      if (!tip || !hub) continue;
      ctx.strokeStyle = css(mixRgb(DARK, fogColor, fog));
      ctx.lineWidth = Math.max(1, 0.12 * hub.scale);
      ctx.lineCap = 'round';
      ctx.beginPath();
      ctx.moveTo(hub.x, hub.y);
      ctx.lineTo(tip.x, tip.y);
      ctx.stroke();
    }
  }
  const spinner = view.project(world3({ x: 0, y: 0, z: PROP_Z + 0.1 }));
  if (spinner) {
    ctx.fillStyle = css(mixRgb(hex('#c9ccd0'), fogColor, fog));
    ctx.beginPath();
    ctx.arc(spinner.x, spinner.y, Math.max(1, 0.16 * spinner.scale * entity.traits.scale), 0, Math.PI * 2);
    ctx.fill();
  }
}
