/**
 * A bicycle: a diamond frame of tubes, two spoked wheels that turn with the distance ridden (rolling
 * without slipping) and cranks that turn with them through the gearing, so a rider's feet on the
 * pedals (riding.ts) go round at the pace the bicycle goes. Built in its own frame (x across, y up,
 * z forward), scaled by `traits.scale`.
 */
import type { Entity } from '../../plan/index.ts';
import { motionDistanceAt } from '../../plan/motion.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { Ctx, Drawable, FrameContext } from '../frame.ts';
import { fogAmount, shade } from '../palette.ts';
import { add, rotateY, scale, type V3 } from '../vec.ts';
import type { View } from '../view.ts';
import { strokeSegment } from './chain.ts';

export const WHEEL_RADIUS = 0.34;
/** How far the bicycle goes for one turn of the cranks, metres (a middle gear). */
export const METRES_PER_CRANK_TURN = 5;
const CRANK = 0.17;
const WHEELBASE_HALF = 0.52;

/** The bicycle's parts in the world at time t: where a rider sits, holds on and pedals. */
export interface BicycleRig {
  readonly heading: number;
  readonly centre: V3;
  readonly rearAxle: V3;
  readonly frontAxle: V3;
  readonly bottomBracket: V3;
  readonly seatCluster: V3;
  readonly headTop: V3;
  readonly headBottom: V3;
  readonly saddle: V3;
  readonly stemTop: V3;
  /** Left and right handlebar grips. */
  readonly grips: [V3, V3];
  /** Left and right pedals. */
  readonly pedals: [V3, V3];
  /** How far the wheels have turned, radians. */
  readonly wheelAngle: number;
  readonly k: number;
}

export function bicycleRig(entity: Entity, pose: Pose, t: number): BicycleRig {
  const k = entity.traits.scale;
  const distance = motionDistanceAt(entity.motion, t);
  const at = (x: number, y: number, z: number): V3 =>
    add(pose.position, rotateY({ x: x * k, y: y * k, z: z * k }, pose.heading));
  // The right crank leads; the left is half a turn behind it.
  const crank = (distance / (METRES_PER_CRANK_TURN * k)) * 2 * Math.PI;
  const pedal = (side: number, angle: number) =>
    at(side * 0.11, 0.3 - CRANK * Math.cos(angle), -0.06 + CRANK * Math.sin(angle));
  return {
    heading: pose.heading,
    centre: at(0, 0.5, 0),
    rearAxle: at(0, WHEEL_RADIUS, -WHEELBASE_HALF),
    frontAxle: at(0, WHEEL_RADIUS, WHEELBASE_HALF),
    bottomBracket: at(0, 0.3, -0.06),
    seatCluster: at(0, 0.82, -0.2),
    headTop: at(0, 0.86, 0.37),
    headBottom: at(0, 0.7, 0.41),
    saddle: at(0, 0.95, -0.24),
    stemTop: at(0, 1.0, 0.36),
    grips: [at(-0.22, 0.98, 0.32), at(0.22, 0.98, 0.32)],
    pedals: [pedal(-1, crank + Math.PI), pedal(1, crank)],
    wheelAngle: distance / (WHEEL_RADIUS * k),
    k,
  };
}

const TYRE: Rgb = hex('#141416');
const RIM: Rgb = hex('#9aa0a6');
const BLACK: Rgb = hex('#1a1a1c');

export function bicycleDrawables(fc: FrameContext, entity: Entity, pose: Pose): Drawable[] {
  const rig = bicycleRig(entity, pose, fc.t);
  const depth = fc.view.depthOf(rig.centre);
  if (depth < 0.3) return [];
  return [{ depth, draw: (f) => drawBicycle(f, entity, rig) }];
}

function drawBicycle(fc: FrameContext, entity: Entity, rig: BicycleRig): void {
  const { ctx, view, palette } = fc;
  const fog = fogAmount(palette, view.depthOf(rig.centre));
  const { k } = rig;
  const look = (c: Rgb, light = 0.6) => css(mixRgb(shade(palette, c, light, 0), palette.fog, fog));
  const across = rotateY({ x: 1, y: 0, z: 0 }, rig.heading);
  const forward = rotateY({ x: 0, y: 0, z: 1 }, rig.heading);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';

  // Shadow on the ground under the wheelbase.
  const ground = view.project({ x: rig.centre.x, y: groundY(rig), z: rig.centre.z });
  if (ground) {
    ctx.fillStyle = css(hex('#000000'), 0.3);
    ctx.beginPath();
    ctx.ellipse(ground.x, ground.y, 0.7 * k * ground.scale, 0.1 * k * ground.scale, 0, 0, Math.PI * 2);
    ctx.fill();
  }

  // The pedal and crank on the far side first, then the wheels and frame, then the near crank.
  const farSide = view.depthOf(add(rig.bottomBracket, across)) > view.depthOf(rig.bottomBracket) ? 1 : 0;
  const crank = (i: 0 | 1) => {
    const side = i === 0 ? -1 : 1;
    const arm = add(rig.bottomBracket, scale(across, side * 0.08 * k));
    strokeSegment(ctx, view, arm, rig.pedals[i], 0.012 * k, look(BLACK));
    const p = rig.pedals[i];
    strokeSegment(
      ctx,
      view,
      add(p, scale(forward, -0.05 * k)),
      add(p, scale(forward, 0.05 * k)),
      0.02 * k,
      look(BLACK),
    );
  };
  crank(farSide);
  for (const axle of [rig.rearAxle, rig.frontAxle]) wheel(ctx, view, axle, rig, look);
  const paint = look(hex(entity.traits.color ?? '#b3262e'), 0.8);
  const r = 0.016 * k;
  strokeSegment(ctx, view, rig.rearAxle, rig.bottomBracket, r, paint);
  strokeSegment(ctx, view, rig.rearAxle, rig.seatCluster, r * 0.8, paint);
  strokeSegment(ctx, view, rig.bottomBracket, rig.seatCluster, r * 1.1, paint);
  strokeSegment(ctx, view, rig.seatCluster, rig.headTop, r * 1.1, paint);
  strokeSegment(ctx, view, rig.bottomBracket, rig.headBottom, r * 1.3, paint);
  strokeSegment(ctx, view, rig.headBottom, rig.headTop, r * 1.4, paint);
  strokeSegment(ctx, view, rig.headBottom, rig.frontAxle, r, paint);
  // Seat post and saddle, stem and handlebar.
  strokeSegment(ctx, view, rig.seatCluster, rig.saddle, r * 0.8, look(RIM));
  strokeSegment(
    ctx,
    view,
    add(rig.saddle, scale(forward, -0.1 * k)),
    add(rig.saddle, scale(forward, 0.12 * k)),
    0.035 * k,
    look(BLACK),
  );
  strokeSegment(ctx, view, rig.headTop, rig.stemTop, r, look(RIM));
  strokeSegment(ctx, view, rig.grips[0], rig.grips[1], r * 0.9, look(RIM));
  for (const grip of rig.grips)
    strokeSegment(ctx, view, grip, add(grip, scale(forward, -0.06 * k)), 0.022 * k, look(BLACK));
  crank((1 - farSide) as 0 | 1);
}

/** The ground under the bicycle: its wheels' lowest points. */
const groundY = (rig: BicycleRig): number => rig.rearAxle.y - WHEEL_RADIUS * rig.k + 0.01;

/** A tyre and rim round the axle in the bicycle's plane, with spokes turned by the distance ridden. */
function wheel(
  ctx: Ctx,
  view: View,
  axle: V3,
  rig: BicycleRig,
  look: (c: Rgb, light?: number) => string,
): void {
  const { k } = rig;
  const R = WHEEL_RADIUS * k;
  const forward = rotateY({ x: 0, y: 0, z: 1 }, rig.heading);
  const point = (angle: number, radius: number): V3 =>
    add(axle, add({ x: 0, y: Math.cos(angle) * radius, z: 0 }, scale(forward, Math.sin(angle) * radius)));
  const ring = (radius: number, width: number, color: string) => {
    const pts = [];
    for (let i = 0; i <= 24; i++) {
      const p = view.project(point((i / 24) * 2 * Math.PI, radius));
      if (!p) return;
      pts.push(p);
    }
    ctx.strokeStyle = color;
    ctx.lineWidth = Math.max(1, width * pts[0]!.scale);
    ctx.beginPath();
    for (const p of pts) ctx.lineTo(p.x, p.y);
    ctx.stroke();
  };
  ring(R - 0.018 * k, 0.036 * k, look(TYRE, 0.2));
  // Spokes: thin, in crossing pairs, turning with the wheel.
  const hub = view.project(axle);
  if (hub) {
    ctx.strokeStyle = look(RIM, 0.9);
    ctx.lineWidth = Math.max(0.5, 0.004 * k * hub.scale);
    ctx.beginPath();
    for (let i = 0; i < 12; i++) {
      const rim = view.project(point(rig.wheelAngle + (i / 12) * 2 * Math.PI, R - 0.04 * k));
      if (!rim) continue;
      ctx.moveTo(hub.x, hub.y);
      ctx.lineTo(rim.x, rim.y);
    }
    ctx.stroke();
  }
  ring(R - 0.042 * k, 0.012 * k, look(RIM, 0.9));
}
