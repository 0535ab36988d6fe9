/**
 * Rigid props (crate, ball, barrel, rock) drawn at the pose the physics simulation gives them at this
 * frame's time: shaded solids that turn with the simulated orientation and never deform. The shapes
 * drawn are the shapes simulated (src/engine/physics/shapes.ts).
 */
import type { Entity } from '../../plan/index.ts';
import { hash01 } from '../../lib/random.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import type { Ctx, Drawable, FrameContext } from '../frame.ts';
import { fogAmount, shade, type Palette } from '../palette.ts';
import { rotate, shotPhysics, type BodyPose, type PropShape } from '../physics/index.ts';
import { add, cross, dot, normalize, sub, type V3 } from '../vec.ts';
import type { View } from '../view.ts';
import { fillFaces, hexahedronFaces, type Face } from './solid.ts';

const DEFAULT_COLOR: Record<PropShape['type'], string> = {
  box: '#9a7446',
  ball: '#c8302a',
  cylinder: '#7a4a26',
  hull: '#7d776d',
};

/** At night props take some of the street's light, as vehicles do, rather than going black. */
const NIGHT_LIFT = 0.6;
const litAtNight = (palette: Palette, albedo: Rgb, lit: Rgb): Rgb =>
  palette.night ? mixRgb(lit, scaleRgb(albedo, 0.5), NIGHT_LIFT) : lit;

const toWorld = (pose: BodyPose, local: V3): V3 => add(pose.position, rotate(pose.rotation, local));

/** Radius of the sphere that holds the shape: for depth sorting and the shadow. */
function boundingRadius(shape: PropShape): number {
  switch (shape.type) {
    case 'box':
      return Math.hypot(shape.half.x, shape.half.y, shape.half.z);
    case 'ball':
      return shape.radius;
    case 'cylinder':
      return Math.hypot(shape.radius, shape.halfHeight);
    case 'hull':
      return Math.max(...shape.points.map((p) => Math.hypot(p.x, p.y, p.z)));
  }
}

export function propDrawables(fc: FrameContext, entity: Entity): Drawable[] {
  const physics = shotPhysics(fc.shot, fc.seed);
  const pose = physics?.poseAt(entity.id, fc.t);
  const prop = physics?.prop(entity.id);
  if (!physics || !pose || !prop) return [];
  const { shape } = prop;
  const radius = boundingRadius(shape);
  const env = physics.environment;
  return [
    {
      depth: fc.view.depthOf(pose.position) - radius,
      draw: ({ ctx, view, palette }) => {
        const distance = view.depthOf(pose.position);
        if (distance < view.near) return;
        const fog = fogAmount(palette, distance);
        const water = env.water;
        if (!water) drawShadow(ctx, view, pose, radius, env.groundAt(pose.position.x, pose.position.z), fog);
        ctx.save();
        if (water) clipAboveWater(ctx, view, pose, radius, (x, z) => water.height(x, z, fc.t));
        drawSolid({ ctx, view, palette, fog, pose, shape, entity, seed: fc.seed });
        ctx.restore();
      },
    },
  ];
}

/**
 * Hides what is under the water: clips to the screen above the waterline, sampled across the body
 * at its depth, so a floating barrel shows only what sticks out of the swell.
 */
function clipAboveWater(
  ctx: Ctx,
  view: View,
  pose: BodyPose,
  radius: number,
  waterAt: (x: number, z: number) => number,
): void {
  const across = normalize(cross({ x: 0, y: 1, z: 0 }, view.forward));
  const line: { x: number; y: number }[] = [];
  for (let i = 0; i <= 12; i++) {
    const s = (i / 12 - 0.5) * 4 * radius;
    const x = pose.position.x + across.x * s;
    const z = pose.position.z + across.z * s;
    const p = view.project({ x, y: waterAt(x, z), z });
    if (p) line.push(p);
  }
  if (line.length < 2) return;
  ctx.beginPath();
  ctx.moveTo(line[0]!.x, -1e4);
  for (const p of line) ctx.lineTo(p.x, p.y);
  ctx.lineTo(line[line.length - 1]!.x, -1e4);
  ctx.closePath();
  ctx.clip();
}

interface SolidJob {
  ctx: Ctx;
  view: View;
  palette: Palette;
  fog: number;
  pose: BodyPose;
  shape: PropShape;
  entity: Entity;
  seed: number;
}

function drawSolid({ ctx, view, palette, fog, pose, shape, entity, seed }: SolidJob): void {
  const color = hex(entity.traits.color ?? DEFAULT_COLOR[shape.type]);
  const faces: Face[] = [];
  switch (shape.type) {
    case 'box': {
      const { x, y, z } = shape.half;
      const corners = [
        [-x, -y, -z],
        [x, -y, -z],
        [x, y, -z],
        [-x, y, -z],
        [-x, -y, z],
        [x, -y, z],
        [x, y, z],
        [-x, y, z],
      ].map(([a, b, c]) => toWorld(pose, { x: a!, y: b!, z: c! }));
      hexahedronFaces(view, palette.sunDir, corners, color, faces, color, true);
      fillFaces(ctx, view, palette, faces, fog, 0.15, NIGHT_LIFT);
      drawPlanks(ctx, view, faces, mixRgb(scaleRgb(color, 0.45), palette.fog, fog));
      return;
    }
    case 'cylinder':
      cylinderFaces(view, palette.sunDir, pose, shape.radius, shape.halfHeight, color, faces);
      fillFaces(ctx, view, palette, faces, fog, 0.25, NIGHT_LIFT);
      drawHoops(ctx, view, pose, shape.radius, shape.halfHeight, mixRgb(hex('#2a2622'), palette.fog, fog));
      return;
    case 'hull': {
      shape.triangles.forEach((tri, i) => {
        const pts = tri.map((j) => toWorld(pose, shape.points[j]!));
        const n = normalize(cross(sub(pts[1]!, pts[0]!), sub(pts[2]!, pts[0]!)));
        const mid = scaleV3(add(add(pts[0]!, pts[1]!), pts[2]!), 1 / 3);
        if (dot(n, sub(view.position, mid)) <= 0) return;
        // Facets vary a little in tone, as weathered stone does.
        const tone = 0.85 + 0.3 * hash01(seed, i, entity.id.length);
        faces.push({
          pts,
          color: scaleRgb(color, tone),
          depth: view.depthOf(mid),
          light: dot(n, palette.sunDir),
        });
      });
      fillFaces(ctx, view, palette, faces, fog, 0.1, NIGHT_LIFT);
      return;
    }
    case 'ball':
      drawBall(
        ctx,
        view,
        pose,
        shape.radius,
        color,
        fog,
        (n) => litAtNight(palette, color, shade(palette, color, dot(n, palette.sunDir), 0)),
        palette.fog,
      );
      return;
  }
}

const scaleV3 = (a: V3, k: number): V3 => ({ x: a.x * k, y: a.y * k, z: a.z * k });

/** A soft dark disc on the ground under the body, fainter and wider the higher it is. */
function drawShadow(ctx: Ctx, view: View, pose: BodyPose, radius: number, ground: number, fog: number): void {
  const height = Math.max(0, pose.position.y - ground - radius * 0.5);
  const r = radius * (0.85 + height * 0.06);
  const alpha = (0.4 * (1 - fog)) / (1 + height * 0.9);
  const ring: { x: number; y: number }[] = [];
  for (let i = 0; i < 16; i++) {
    const a = (i / 16) * Math.PI * 2;
    const p = view.project({
      x: pose.position.x + Math.cos(a) * r,
      y: ground + 0.01,
      z: pose.position.z + Math.sin(a) * r,
    });
    if (!p) return;
    ring.push(p);
  }
  ctx.fillStyle = css(hex('#000000'), alpha);
  ctx.beginPath();
  for (const p of ring) ctx.lineTo(p.x, p.y);
  ctx.closePath();
  ctx.fill();
}

/** Boards of a crate: an inset frame and one diagonal brace on every visible face. */
function drawPlanks(ctx: Ctx, view: View, faces: Face[], color: Rgb): void {
  ctx.strokeStyle = css(color, 0.85);
  for (const f of faces) {
    const c = scaleV3(f.pts.reduce(add), 1 / f.pts.length);
    const inset = f.pts.map((p) => add(p, scaleV3(sub(c, p), 0.16)));
    const ps = inset.map((p) => view.project(p));
    const mid = view.project(c);
    if (ps.some((p) => !p) || !mid) continue;
    ctx.lineWidth = Math.max(0.6, mid.scale * 0.035);
    ctx.beginPath();
    for (const p of ps) ctx.lineTo(p!.x, p!.y);
    ctx.closePath();
    ctx.moveTo(ps[0]!.x, ps[0]!.y);
    ctx.lineTo(ps[2]!.x, ps[2]!.y);
    ctx.stroke();
  }
}

const BARREL_SIDES = 18;

/** A barrel's staves and ends: a prism around the body's y axis, culled and lit like other solids. */
function cylinderFaces(
  view: View,
  sunDir: V3,
  pose: BodyPose,
  r: number,
  hh: number,
  color: Rgb,
  out: Face[],
): void {
  const ring = (y: number) =>
    Array.from({ length: BARREL_SIDES }, (_, i) => {
      const a = (i / BARREL_SIDES) * Math.PI * 2;
      return toWorld(pose, { x: Math.cos(a) * r, y, z: Math.sin(a) * r });
    });
  const bottom = ring(-hh);
  const top = ring(hh);
  const end = scaleRgb(color, 0.8);
  const push = (pts: V3[], c: Rgb) => {
    const mid = scaleV3(pts.reduce(add), 1 / pts.length);
    const n = normalize(sub(mid, pose.position));
    if (dot(n, sub(view.position, mid)) <= 0) return;
    out.push({ pts, color: c, depth: view.depthOf(mid), light: dot(n, sunDir) });
  };
  for (let i = 0; i < BARREL_SIDES; i++) {
    const j = (i + 1) % BARREL_SIDES;
    push([bottom[i]!, bottom[j]!, top[j]!, top[i]!], i % 2 ? color : scaleRgb(color, 0.93));
  }
  // The ends' normals are the axis, not the direction from the centre.
  for (const [pts, sign] of [
    [top, 1],
    [bottom, -1],
  ] as const) {
    const mid = scaleV3(pts.reduce(add), 1 / pts.length);
    const n = rotate(pose.rotation, { x: 0, y: sign, z: 0 });
    if (dot(n, sub(view.position, mid)) <= 0) continue;
    out.push({ pts: [...pts], color: end, depth: view.depthOf(mid), light: dot(n, sunDir) });
  }
}

/** Iron hoops round the staves, drawn only where they face the camera. */
function drawHoops(ctx: Ctx, view: View, pose: BodyPose, r: number, hh: number, color: Rgb): void {
  ctx.strokeStyle = css(color);
  for (const y of [-0.78, -0.3, 0.3, 0.78]) {
    let pen = false;
    ctx.beginPath();
    for (let i = 0; i <= 36; i++) {
      const a = (i / 36) * Math.PI * 2;
      const local = { x: Math.cos(a) * r * 1.01, y: y * hh, z: Math.sin(a) * r * 1.01 };
      const p = toWorld(pose, local);
      const n = rotate(pose.rotation, { x: Math.cos(a), y: 0, z: Math.sin(a) });
      const q = view.project(p);
      if (!q || dot(n, sub(view.position, p)) <= 0) {
        pen = false;
        continue;
      }
      ctx.lineWidth = Math.max(0.6, q.scale * 0.03);
      if (pen) ctx.lineTo(q.x, q.y);
      else ctx.moveTo(q.x, q.y);
      pen = true;
    }
    ctx.stroke();
  }
}

/** A ball: a lit disc, with a pale band round its own equator so its spin shows. */
function drawBall(
  ctx: Ctx,
  view: View,
  pose: BodyPose,
  r: number,
  color: Rgb,
  fog: number,
  lit: (normal: V3) => Rgb,
  fogColor: Rgb,
): void {
  const c = view.project(pose.position);
  if (!c) return;
  const toCam = normalize(sub(view.position, pose.position));
  const px = r * c.scale;
  // Light falls on the side facing the sun: shade a few points across the disc into a gradient.
  const right = normalize(cross(toCam, { x: 0, y: 1, z: 0 }));
  const up = cross(right, toCam);
  const g = ctx.createRadialGradient(c.x - px * 0.35, c.y - px * 0.4, px * 0.1, c.x, c.y, px);
  const fogged = (n: V3) => css(mixRgb(lit(n), fogColor, fog));
  g.addColorStop(0, fogged(normalize(add(add(toCam, scaleV3(up, 0.6)), scaleV3(right, -0.4)))));
  g.addColorStop(1, fogged(normalize(add(scaleV3(up, -0.7), scaleV3(right, 0.5)))));
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.arc(c.x, c.y, px, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = css(mixRgb(mixRgb(color, hex('#f4efe4'), 0.85), fogColor, fog), 0.9);
  ctx.lineWidth = Math.max(0.8, px * 0.18);
  for (const axis of ['y', 'x'] as const) {
    let pen = false;
    ctx.beginPath();
    for (let i = 0; i <= 32; i++) {
      const a = (i / 32) * Math.PI * 2;
      const local =
        axis === 'y' ? { x: Math.cos(a), y: 0, z: Math.sin(a) } : { x: 0, y: Math.cos(a), z: Math.sin(a) };
      const n = rotate(pose.rotation, local);
      if (dot(n, toCam) <= 0.05) {
        pen = false;
        continue;
      }
      const q = view.project(add(pose.position, scaleV3(n, r)));
      if (!q) continue;
      if (pen) ctx.lineTo(q.x, q.y);
      else ctx.moveTo(q.x, q.y);
      pen = true;
    }
    ctx.stroke();
  }
}
