/**
 * Cars, SUVs and trucks as rigid boxes (body, cabin, cargo, wheels) in 3D: faces are back-face culled,
 * sorted and shaded by the key light, wheels spin with distance travelled, the body rides a suspension
 * spring and leans into turns. Rigid: the shapes never deform. The kinds differ only in their
 * `VehicleShape` tables.
 */
import type { Entity } from '../../plan/index.ts';
import { motionDistanceAt, motionSpeedAt } from '../../plan/motion.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
import { fogAmount } from '../palette.ts';
import { add, dot, rotateY, sub, type V3 } from '../vec.ts';
import { radialSprite } from '../sprites.ts';
import { fillFaces, hexahedronFaces, type Face } from './solid.ts';

type Surface = 'paint' | 'glass' | 'cargo' | 'trim';

/** A box in the vehicle's frame: x across (±, from the centre line), y up from the road, z forward. */
interface ShapeBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  z0: number;
  z1: number;
  surface: Surface;
  /** Colour of the back and front faces, when it differs (the glass cabin's ends). */
  ends?: Surface;
  /** Fraction by which the top narrows (a cabin's sloped sides). */
  taper?: number;
}

export interface VehicleShape {
  length: number;
  width: number;
  wheelRadius: number;
  /** Axle positions along the length, metres forward of the centre. */
  axles: readonly number[];
  boxes: readonly ShapeBox[];
  /** Head- and tail-light height and half spacing. */
  headLight: { y: number; x: number };
  tailLight: { y: number; x: number };
}

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

/** A body box under a tapered glass cabin: the car and SUV silhouette. */
function saloon(d: Dimensions, roofRack: boolean): VehicleShape {
  const hw = d.width / 2;
  const hl = d.length / 2;
  const boxes: ShapeBox[] = [
    { x0: -hw, x1: hw, y0: d.bodyBottom, y1: d.bodyTop, z0: -hl, z1: hl, surface: 'paint' },
    {
      x0: -hw + 0.08,
      x1: hw - 0.08,
      y0: d.bodyTop,
      y1: d.cabinTop,
      z0: d.cabinBack,
      z1: d.cabinFront,
      surface: 'glass',
      ends: 'glass',
      taper: 0.08,
    },
  ];
  if (roofRack) {
    boxes.push({
      x0: -hw + 0.15,
      x1: hw - 0.15,
      y0: d.cabinTop,
      y1: d.cabinTop + 0.06,
      z0: d.cabinBack + 0.2,
      z1: d.cabinFront - 0.3,
      surface: 'trim',
    });
  }
  const light = { y: d.bodyTop - 0.2, x: hw - 0.3 };
  return {
    length: d.length,
    width: d.width,
    wheelRadius: d.wheelRadius,
    axles: [-d.wheelBase, d.wheelBase],
    boxes,
    headLight: light,
    tailLight: light,
  };
}

const SUV = saloon(
  {
    length: 4.7,
    width: 1.95,
    bodyBottom: 0.42,
    bodyTop: 1.15,
    cabinTop: 1.85,
    cabinFront: 0.9,
    cabinBack: -2.15,
    wheelRadius: 0.4,
    wheelBase: 1.45,
  },
  true,
);
const CAR = saloon(
  {
    length: 4.5,
    width: 1.8,
    bodyBottom: 0.3,
    bodyTop: 0.85,
    cabinTop: 1.4,
    cabinFront: 0.6,
    cabinBack: -1.4,
    wheelRadius: 0.33,
    wheelBase: 1.35,
  },
  false,
);

/** A cab-over box truck: a short cab with a tall cargo box behind it, on a dark chassis. */
const BOX_TRUCK: VehicleShape = (() => {
  const hw = 1.175;
  const hl = 3.6;
  const cabBack = hl - 2.1;
  return {
    length: 2 * hl,
    width: 2 * hw,
    wheelRadius: 0.5,
    axles: [hl - 1.15, -hl + 1.75],
    boxes: [
      { x0: -hw + 0.3, x1: hw - 0.3, y0: 0.5, y1: 0.98, z0: -hl + 0.2, z1: cabBack, surface: 'trim' },
      { x0: -hw, x1: hw, y0: 0.55, y1: 1.5, z0: cabBack, z1: hl, surface: 'paint' },
      {
        x0: -hw + 0.05,
        x1: hw - 0.05,
        y0: 1.5,
        y1: 2.45,
        z0: cabBack + 0.05,
        z1: hl - 0.15,
        surface: 'glass',
        ends: 'glass',
        taper: 0.05,
      },
      {
        x0: -hw + 0.05,
        x1: hw - 0.05,
        y0: 2.45,
        y1: 2.55,
        z0: cabBack + 0.05,
        z1: hl - 0.2,
        surface: 'paint',
      },
      { x0: -hw - 0.02, x1: hw + 0.02, y0: 0.98, y1: 3.45, z0: -hl, z1: cabBack - 0.12, surface: 'cargo' },
      { x0: -hw, x1: hw, y0: 0.42, y1: 0.66, z0: hl, z1: hl + 0.1, surface: 'trim' },
    ],
    headLight: { y: 0.9, x: hw - 0.3 },
    tailLight: { y: 1.15, x: hw - 0.2 },
  };
})();

/** A pickup: bonnet and cab in front, an open bed behind whose walls continue the body's sides. */
const PICKUP: VehicleShape = (() => {
  const hw = 1.0;
  const hl = 2.75;
  const bedFront = -0.62;
  const wall = 0.08;
  const top = 1.2;
  return {
    length: 2 * hl,
    width: 2 * hw,
    wheelRadius: 0.42,
    axles: [hl - 1.0, -hl + 1.05],
    boxes: [
      { x0: -hw, x1: hw, y0: 0.5, y1: 1.18, z0: bedFront, z1: hl, surface: 'paint' },
      {
        x0: -hw + 0.08,
        x1: hw - 0.08,
        y0: 1.18,
        y1: 1.92,
        z0: bedFront + 0.1,
        z1: 1.0,
        surface: 'glass',
        ends: 'glass',
        taper: 0.08,
      },
      // The bed: a dark floor sunk between the walls.
      { x0: -hw + wall, x1: hw - wall, y0: 0.5, y1: 0.86, z0: -hl + wall, z1: bedFront, surface: 'trim' },
      { x0: -hw, x1: -hw + wall, y0: 0.5, y1: top, z0: -hl, z1: bedFront, surface: 'paint' },
      { x0: hw - wall, x1: hw, y0: 0.5, y1: top, z0: -hl, z1: bedFront, surface: 'paint' },
      { x0: -hw + wall, x1: hw - wall, y0: 0.5, y1: top, z0: -hl, z1: -hl + wall, surface: 'paint' },
      { x0: -hw - 0.02, x1: hw + 0.02, y0: 0.45, y1: 0.68, z0: hl - 0.02, z1: hl + 0.08, surface: 'trim' },
    ],
    headLight: { y: 0.98, x: hw - 0.28 },
    tailLight: { y: 1.0, x: hw - 0.12 },
  };
})();

/** The shape an entity is drawn with: a truck named a pickup (皮卡) is one, any other is a box truck. */
export function vehicleShape(entity: Entity): VehicleShape {
  switch (entity.kind) {
    case 'suv':
      return SUV;
    case 'truck':
      return /pickup|pick-up|皮卡/i.test(entity.label) ? PICKUP : BOX_TRUCK;
    default:
      return CAR;
  }
}

/** Wheel rotation in radians at t: rolling without slipping, so the spokes match the ground speed. */
export function wheelAngleAt(entity: Entity, t: number): number {
  return motionDistanceAt(entity.motion, t) / (vehicleShape(entity).wheelRadius * entity.traits.scale);
}

export function vehicleDrawables(fc: FrameContext, entity: Entity, pose: Pose, world: World): Drawable[] {
  const dims = vehicleShape(entity);
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
  const wheelLocal = (x: number, y: number, z: number): V3 =>
    add(pose.position, rotateY({ x: x * k, y: y * k, z: z * k }, pose.heading));
  const centre = local(0, 1, 0);
  const nearest = fc.view.depthOf(centre) - dims.length * 0.5 * k;

  return [
    {
      depth: nearest,
      draw: ({ ctx, view, palette, sprites }) => {
        const fog = fogAmount(palette, view.depthOf(centre));
        const paint = hex(entity.traits.color ?? '#2d3a2e');
        const glass = mixRgb(hex('#1b242c'), palette.skyHorizon, 0.25);
        const colours: Record<Surface, Rgb> = {
          paint,
          glass,
          cargo: hex(entity.traits.secondaryColor ?? '#e4e2dc'),
          trim: hex('#111111'),
        };
        const hw = dims.width / 2;
        const hl = dims.length / 2;

        // Shadow on the road.
        const shadow = [
          wheelLocal(-hw - 0.1, 0.02, -hl - 0.2),
          wheelLocal(hw + 0.1, 0.02, -hl - 0.2),
          wheelLocal(hw + 0.1, 0.02, hl + 0.2),
          wheelLocal(-hw - 0.1, 0.02, hl + 0.2),
        ].map((p) => view.project(p));
        if (shadow.every((p) => p)) {
          ctx.fillStyle = css(hex('#000000'), 0.45 * (1 - fog));
          ctx.beginPath();
          for (const p of shadow) ctx.lineTo(p!.x, p!.y);
          ctx.fill();
        }

        const faces: Face[] = [];
        for (const b of dims.boxes) {
          const taper = b.taper ?? 0;
          const c = (x: number, y: number, z: number) => local(x * (y === b.y1 ? 1 - taper : 1), y, z);
          const { x0, x1, y0, y1, z0, z1 } = b;
          const corners = [
            c(x0, y0, z0),
            c(x1, y0, z0),
            c(x1, y1, z0),
            c(x0, y1, z0),
            c(x0, y0, z1),
            c(x1, y0, z1),
            c(x1, y1, z1),
            c(x0, y1, z1),
          ];
          hexahedronFaces(
            view,
            palette.sunDir,
            corners,
            colours[b.surface],
            faces,
            colours[b.ends ?? b.surface],
          );
        }

        // Wheels first where they are behind the body's near side; simple: draw all wheels, then body.
        const spin = distance / (dims.wheelRadius * k);
        const r = dims.wheelRadius;
        for (const wz of dims.axles) {
          for (const wx of [-hw, hw]) {
            const outward = wx < 0 ? -1 : 1;
            const hub = wheelLocal(wx + outward * 0.02, r, wz);
            const toCam = sub(view.position, hub);
            const sideNormal = rotateY({ x: outward, y: 0, z: 0 }, pose.heading);
            const facing = dot(sideNormal, toCam) > 0;
            const rim: { x: number; y: number }[] = [];
            const tyre: { x: number; y: number }[] = [];
            for (let i = 0; i < 16; i++) {
              const a = (i / 16) * Math.PI * 2;
              const p = view.project(
                wheelLocal(wx + outward * 0.02, r + Math.sin(a) * r, wz + Math.cos(a) * r),
              );
              const q = view.project(
                wheelLocal(wx - outward * 0.28, r + Math.sin(a) * r, wz + Math.cos(a) * r),
              );
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
                const e = view.project(
                  wheelLocal(wx + outward * 0.03, r + Math.sin(a) * r * 0.6, wz + Math.cos(a) * r * 0.6),
                );
                if (!e) continue;
                ctx.moveTo(h.x, h.y);
                ctx.lineTo(e.x, e.y);
              }
              ctx.stroke();
            }
          }
        }

        fillFaces(ctx, view, palette, faces, fog);

        // Lights: tail lights at the back, headlights at the front, with a glow at night or in fog.
        const glow = sprites.get('car-light', () => radialSprite(64, hex('#ffffff'), 1));
        for (const [z, color, size, light] of [
          [-hl - 0.01, hex('#ff2a1a'), 0.18, dims.tailLight],
          [hl + 0.01, hex('#fff6d8'), 0.2, dims.headLight],
        ] as const) {
          for (const x of [-light.x, light.x]) {
            const p = view.project(local(x, light.y, z));
            if (!p) continue;
            const facingLight =
              dot(
                sub(view.position, local(0, 1, z)),
                rotateY({ x: 0, y: 0, z: Math.sign(z) }, pose.heading),
              ) > 0;
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
