/**
 * A humanoid robot: the person skeleton (gait, turn, jump and fall included) dressed in rigid metal
 * boxes, one per bone, with a dark visor and a glowing eye strip. Boxes are sorted by depth and each is
 * back-face culled, so the figure holds together from any camera angle; nothing bends or stretches.
 */
import type { Entity } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext } from '../frame.ts';
import { fogAmount } from '../palette.ts';
import { radialSprite } from '../sprites.ts';
import { add, cross, dot, lerp3, normalize, scale, sub, type V3 } from '../vec.ts';
import { bodyPose, poseSkeleton, type Skeleton } from './person.ts';
import { fillFaces, hexahedronFaces, orientedBox, type Axes, type Face } from './solid.ts';

const STEEL = '#9aa3ad';
const JOINT = hex('#3a3f46');
const VISOR = hex('#0b0f14');
const EYE = '#54e6ff';

interface Part {
  corners: V3[];
  color: Rgb;
  centre: V3;
  visor?: boolean;
}

/** Axes of a segment a→b: x across the body (as near `side` as the bone allows), y along it, z forward. */
function segmentAxes(a: V3, b: V3, side: V3): Axes {
  const v = normalize(sub(b, a));
  let u = sub(side, scale(v, dot(side, v)));
  if (Math.hypot(u.x, u.y, u.z) < 1e-6) u = { x: 1, y: 0, z: 0 };
  u = normalize(u);
  return { u, v, w: cross(u, v) };
}

/** The robot's boxes at this pose: torso, pelvis, head and one per limb bone, with joint blocks. */
export function robotParts(
  sk: Skeleton,
  k: number,
  body: Rgb,
): { parts: Part[]; head: { centre: V3; axes: Axes } } {
  const side = normalize(sub(sk.hip[1], sk.hip[0]));
  const parts: Part[] = [];
  const seg = (a: V3, b: V3, hx: number, hz: number, color: Rgb, pad = 0, at = 0.5) => {
    const axes = segmentAxes(a, b, side);
    const half = Math.hypot(b.x - a.x, b.y - a.y, b.z - a.z) / 2 + pad * k;
    const centre = lerp3(a, b, at);
    parts.push({ corners: orientedBox(centre, axes, hx * k, half, hz * k), color, centre });
  };
  const block = (c: V3, r: number, color: Rgb, a: V3, b: V3) => {
    const axes = segmentAxes(a, b, side);
    parts.push({ corners: orientedBox(c, axes, r * k, r * k, r * k), color, centre: c });
  };

  // Torso: a broad chest over a narrow waist and a pelvis block.
  const spineTop = sk.neck;
  const chestBottom = lerp3(sk.pelvis, spineTop, 0.42);
  seg(chestBottom, spineTop, 0.2, 0.12, body, -0.02);
  seg(sk.pelvis, chestBottom, 0.12, 0.09, JOINT, 0);
  seg(lerp3(sk.pelvis, spineTop, -0.12), lerp3(sk.pelvis, spineTop, 0.1), 0.16, 0.1, body);
  for (const i of [0, 1] as const) {
    block(sk.shoulder[i], 0.065, body, sk.pelvis, spineTop);
    seg(sk.shoulder[i], sk.elbow[i], 0.045, 0.045, body, -0.02);
    block(sk.elbow[i], 0.04, JOINT, sk.shoulder[i], sk.elbow[i]);
    seg(sk.elbow[i], sk.hand[i], 0.04, 0.04, body, -0.01);
    block(sk.hand[i], 0.045, JOINT, sk.elbow[i], sk.hand[i]);
    seg(sk.hip[i], sk.knee[i], 0.065, 0.065, body, -0.03);
    block(sk.knee[i], 0.05, JOINT, sk.hip[i], sk.knee[i]);
    seg(sk.knee[i], sk.ankle[i], 0.055, 0.055, body, -0.02);
    // Feet: flat blocks from the heel to the toe.
    const heel = add(sk.ankle[i], scale(sub(sk.ankle[i], sk.toe[i]), 0.25));
    const foot = segmentAxes(heel, sk.toe[i], side);
    const len = Math.hypot(sk.toe[i].x - heel.x, sk.toe[i].y - heel.y, sk.toe[i].z - heel.z);
    const c = add(lerp3(heel, sk.toe[i], 0.5), { x: 0, y: -0.02 * k, z: 0 });
    parts.push({ corners: orientedBox(c, foot, 0.06 * k, len / 2, 0.045 * k), color: JOINT, centre: c });
  }
  // Neck and head: a cube-ish head carried above a short neck post.
  seg(spineTop, sk.head, 0.04, 0.04, JOINT, -0.02);
  const headAxes = segmentAxes(spineTop, sk.head, side);
  const headCentre = add(sk.head, scale(headAxes.v, 0.02 * k));
  parts.push({
    corners: orientedBox(headCentre, headAxes, 0.105 * k, 0.12 * k, 0.115 * k),
    color: body,
    centre: headCentre,
  });
  // The visor: a dark slab proud of the face.
  const visorCentre = add(add(headCentre, scale(headAxes.w, 0.1 * k)), scale(headAxes.v, 0.02 * k));
  parts.push({
    corners: orientedBox(visorCentre, headAxes, 0.09 * k, 0.055 * k, 0.03 * k),
    color: VISOR,
    centre: visorCentre,
    visor: true,
  });
  return { parts, head: { centre: headCentre, axes: headAxes } };
}

export function robotDrawables(fc: FrameContext, entity: Entity, placed: Pose): Drawable[] {
  const sk = poseSkeleton(entity, placed, fc.t);
  const pose = bodyPose(entity, placed, fc.t);
  const depth = fc.view.depthOf(sk.pelvis);
  if (depth < 0.3) return [];
  return [
    {
      depth,
      draw: ({ ctx, view, palette, sprites }) => {
        const k = entity.traits.scale;
        const fog = fogAmount(palette, depth);
        const body = hex(entity.traits.color ?? STEEL);
        const eye = hex(entity.traits.secondaryColor ?? EYE);

        // Contact shadow on the ground under the pelvis, fainter when the body is in the air.
        const ground = view.project({ x: sk.pelvis.x, y: pose.position.y + 0.01, z: sk.pelvis.z });
        if (ground) {
          const rise = Math.max(0, Math.min(sk.ankle[0].y, sk.ankle[1].y) - pose.position.y - 0.1);
          ctx.fillStyle = css(hex('#000000'), (0.4 * (1 - fog)) / (1 + rise * 2));
          ctx.beginPath();
          ctx.ellipse(
            ground.x,
            ground.y,
            0.38 * k * ground.scale,
            0.09 * k * ground.scale,
            0,
            0,
            Math.PI * 2,
          );
          ctx.fill();
        }

        const { parts, head } = robotParts(sk, k, body);
        // Painter's order box by box: each box is convex, so its own visible faces never overlap.
        parts.sort((a, b) => view.depthOf(b.centre) - view.depthOf(a.centre));
        for (const part of parts) {
          const faces: Face[] = [];
          hexahedronFaces(view, palette.sunDir, part.corners, part.color, faces);
          fillFaces(ctx, view, palette, faces, fog, part.visor ? 1.2 : 0.9, 0.85);
          if (!part.visor) continue;
          // The eye strip glows on the visor's front face when the face is turned toward the camera.
          const front = add(part.centre, scale(head.axes.w, 0.031 * k));
          if (dot(head.axes.w, sub(view.position, front)) <= 0) continue;
          const strip = [-1, 1, 1, -1].map((sx, i) =>
            view.project(
              add(
                add(front, scale(head.axes.u, sx * 0.07 * k)),
                scale(head.axes.v, (i < 2 ? -1 : 1) * 0.014 * k),
              ),
            ),
          );
          if (strip.some((p) => !p)) continue;
          ctx.fillStyle = css(mixRgb(mixRgb(eye, hex('#ffffff'), 0.35), palette.fog, fog * 0.6));
          ctx.beginPath();
          for (const p of strip) ctx.lineTo(p!.x, p!.y);
          ctx.closePath();
          ctx.fill();
          const c = view.project(front)!;
          const r = 0.22 * k * c.scale;
          const glow = sprites.get(`robot-eye-${entity.traits.secondaryColor ?? 'default'}`, () =>
            radialSprite(64, eye, 1),
          );
          ctx.globalCompositeOperation = 'lighter';
          ctx.globalAlpha = (palette.night ? 0.9 : 0.45) * (1 - fog);
          ctx.drawImage(glow, c.x - r, c.y - r * 0.6, r * 2, r * 1.2);
          ctx.globalAlpha = 1;
          ctx.globalCompositeOperation = 'source-over';
        }

        // An antenna with a small light on top of the head.
        const base = add(head.centre, scale(head.axes.v, 0.12 * k));
        const tip = add(base, scale(head.axes.v, 0.12 * k));
        const b = view.project(base);
        const t = view.project(tip);
        if (b && t) {
          ctx.strokeStyle = css(mixRgb(JOINT, palette.fog, fog));
          ctx.lineWidth = Math.max(1, 0.012 * k * b.scale);
          ctx.beginPath();
          ctx.moveTo(b.x, b.y);
          ctx.lineTo(t.x, t.y);
          ctx.stroke();
          ctx.fillStyle = css(mixRgb(hex('#ff5a3c'), palette.fog, fog * 0.6));
          ctx.beginPath();
          ctx.arc(t.x, t.y, Math.max(1, 0.02 * k * t.scale), 0, Math.PI * 2);
          ctx.fill();
        }
      },
    },
  ];
}
