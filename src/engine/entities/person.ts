/**
 * An articulated person: a 3D skeleton posed by a gait cycle driven by distance walked, so planted
 * feet never slide, then projected through the camera and drawn as capsules (any camera angle works).
 *
 * Gait: each foot is in stance for 60% of the cycle, moving backward relative to the body at exactly
 * the body's forward speed (so it stays put in the world), and swings forward for the other 40%.
 * `turn`, `jump` and `fall` (actions.ts) turn, lift and topple the same skeleton.
 */
import { fillPolygon } from '../polygon.ts';
import type { Entity, Seat } from '../../plan/index.ts';
import { clamp } from '../../lib/math.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import type { Drawable, FrameContext } from '../frame.ts';
import { fogAmount, type Palette } from '../palette.ts';
import { motionDistanceAt } from '../../plan/motion.ts';
import { add, dot, lerp3, normalize, rotateY, scale as scaleV, sub, type V3 } from '../vec.ts';
import type { View } from '../view.ts';
import {
  TURN_SEC,
  fallAngleAt,
  danceAt,
  lieAt,
  gaitSpeedAt,
  sitAt,
  jumpAt,
  rotateAbout,
  turnOffsetAt,
  turnStepDistance,
} from './actions.ts';
import { strokeSegment as limb } from './chain.ts';
import { stepClock } from './footfall.ts';
import type { Seated } from './riding.ts';
import { SEAT_HEIGHT, seatDrawing } from './seat.ts';

const STANCE = 0.6;

export interface Skeleton {
  pelvis: V3;
  chest: V3;
  neck: V3;
  head: V3;
  shoulder: [V3, V3];
  elbow: [V3, V3];
  hand: [V3, V3];
  hip: [V3, V3];
  knee: [V3, V3];
  ankle: [V3, V3];
  toe: [V3, V3];
  /** Hair/coat follow-through, −1..1. */
  lag: number;
}

/** Stride length (one full cycle, two steps) for a ground speed, scaled by body height. */
export function strideLength(speed: number, height: number): number {
  return height * clamp(0.55 + speed * 0.28, 0.6, 1.9);
}

/** Foot offset along the walking direction and lift, for a phase in [0, 1), as fractions of stride. */
export function footCycle(phase: number): { forward: number; lift: number } {
  const p = ((phase % 1) + 1) % 1;
  if (p < STANCE) return { forward: 0.5 * STANCE - p, lift: 0 };
  const s = (p - STANCE) / (1 - STANCE);
  const eased = s * s * (3 - 2 * s);
  return { forward: -0.5 * STANCE + eased * STANCE, lift: Math.sin(s * Math.PI) };
}

/** Two-bone IK in the sagittal plane: the knee (or elbow) bends forward (or back) by `bend` sign. */
export function solveJoint(root: V3, end: V3, upper: number, lower: number, bendDir: V3): V3 {
  const dx = end.x - root.x;
  const dy = end.y - root.y;
  const dz = end.z - root.z;
  const dist = Math.min(Math.hypot(dx, dy, dz), upper + lower - 1e-4);
  const a = (upper * upper - lower * lower + dist * dist) / (2 * dist);
  const h = Math.sqrt(Math.max(0, upper * upper - a * a));
  const len = Math.hypot(dx, dy, dz) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const uz = dz / len;
  // Bend direction made perpendicular to the limb.
  const d = bendDir.x * ux + bendDir.y * uy + bendDir.z * uz;
  let px = bendDir.x - d * ux;
  let py = bendDir.y - d * uy;
  let pz = bendDir.z - d * uz;
  const pl = Math.hypot(px, py, pz) || 1;
  px /= pl;
  py /= pl;
  pz /= pl;
  return { x: root.x + ux * a + px * h, y: root.y + uy * a + py * h, z: root.z + uz * a + pz * h };
}

/** Heading of a person (or robot) at t: the world's, plus what a `turn` motion has turned so far. */
export function bodyPose(entity: Entity, pose: Pose, t: number): Pose {
  const turn = turnOffsetAt(entity.motion, t);
  return turn === 0 ? pose : { ...pose, heading: pose.heading + turn };
}

/** How high a person jumps, metres at scale 1. */
export const PERSON_JUMP_APEX = 0.45;

/** The skeleton in world space at shot-local time t. */
export function poseSkeleton(entity: Entity, placed: Pose, t: number): Skeleton {
  const height = 1.72 * entity.traits.scale;
  const k = height / 1.72;
  const motion = entity.motion;
  const jump = jumpAt(motion, t, PERSON_JUMP_APEX * k);
  const turned = bodyPose(entity, placed, t);
  const pose =
    jump.height === 0
      ? turned
      : { ...turned, position: { ...turned.position, y: turned.position.y + jump.height } };
  const speed = gaitSpeedAt(motion, t);
  const walking = motion.type === 'walk' || motion.type === 'run';
  // Turning on the spot is done in small steps, so the feet do not glide round.
  const turnProgress = motion.type === 'turn' ? clamp((t - motion.start) / TURN_SEC, 0, 1) : 0;
  const stride = strideLength(walking ? motion.speed : 0.8, height);
  const distance = walking
    ? motionDistanceAt(motion, t)
    : turnProgress > 0
      ? turnStepDistance(motion, t, 0.3 * k)
      : 0;
  const desync = entity.position.x * 0.37 + entity.position.z * 0.11;
  // Feet planted by the step clock (footfall.ts): a walk that starts in the shot starts from both feet
  // down, one already under way is out of step with its neighbours.
  const clock = walking ? stepClock(motion, stride, STANCE, motion.start > 0 ? 0.05 : desync) : undefined;
  const phase = clock ? clock.phaseAt(t) : distance / stride + desync;
  const moving = walking
    ? clamp(speed / Math.max(0.1, motion.speed), 0, 1)
    : 0.5 * Math.sin(Math.PI * turnProgress);
  const run = motion.type === 'run' ? 1 : 0;

  const L = (x: number, y: number, z: number): V3 =>
    add(pose.position, rotateY({ x: x * k, y: y * k, z: z * k }, pose.heading));
  // Knees bend before take-off and on landing: the body drops while the feet stay planted.
  const bob = moving * (0.025 + run * 0.03) * Math.cos(phase * 4 * Math.PI) - jump.crouch * 0.2;
  const pelvisY = 0.95 - moving * 0.02 + bob;
  const sway = moving * 0.025 * Math.sin(phase * 2 * Math.PI);
  const lean = moving * (0.04 + run * 0.12) + jump.crouch * 0.12;
  const idleBreath = (1 - moving) * 0.006 * Math.sin(t * 2.2);

  const hipTwist = moving * 0.06 * Math.sin(phase * 2 * Math.PI);
  const hips: [V3, V3] = [L(-0.1, pelvisY, -hipTwist), L(0.1, pelvisY, hipTwist)];
  const ankles: V3[] = [];
  const toes: V3[] = [];
  for (const side of [0, 1] as const) {
    const step = clock?.foot(side * 0.5, t);
    const cyc = step
      ? { forward: step.forward / stride, lift: step.stance ? 0 : Math.sin(step.swing * Math.PI) }
      : footCycle(phase + side * 0.5);
    // Planted feet stay where they landed at any speed; the first short steps still lift clear.
    const fwd = cyc.forward * (stride / k) * (step ? 1 : moving);
    // In the air the feet are drawn up under the body.
    const lift = cyc.lift * (0.11 + run * 0.12) * (step ? Math.sqrt(moving) : moving) + jump.tuck * 0.28;
    const x = (side === 0 ? -0.1 : 0.1) * 0.9;
    ankles.push(L(x, 0.08 + lift, fwd - jump.tuck * 0.08));
    toes.push(L(x, 0.02 + lift * 0.6, fwd + 0.16 - jump.tuck * 0.12));
  }
  const knees = [0, 1].map((i) =>
    solveJoint(hips[i]!, ankles[i]!, 0.45 * k, 0.44 * k, rotateY({ x: 0, y: 0, z: 1 }, pose.heading)),
  ) as [V3, V3];

  const chest = L(sway * 0.3, 1.32 + bob + idleBreath, lean * 0.5);
  const neck = L(sway * 0.2, 1.5 + bob, lean * 0.6);
  const head = L(sway * 0.1, 1.61 + bob, lean * 0.65 + 0.01);
  const shoulderTwist = -hipTwist * 1.4;
  const shoulders: [V3, V3] = [
    L(-0.19, 1.43 + bob, lean * 0.55 - shoulderTwist),
    L(0.19, 1.43 + bob, lean * 0.55 + shoulderTwist),
  ];
  const hands: V3[] = [];
  for (const side of [0, 1] as const) {
    // Arms swing opposite to the legs.
    const swing = moving * (0.22 + run * 0.2) * Math.sin((phase + side * 0.5) * 2 * Math.PI + Math.PI);
    const x = side === 0 ? -0.24 : 0.24;
    // Arms swing back in the crouch and up through the jump.
    const reach = jump.tuck * 0.55 - jump.crouch * 0.05;
    hands.push(
      L(
        x,
        0.82 + bob + Math.abs(swing) * 0.25 + run * 0.15 + reach,
        swing + lean * 0.5 + jump.tuck * 0.18 - jump.crouch * 0.25,
      ),
    );
  }
  const elbows = [0, 1].map((i) =>
    solveJoint(shoulders[i]!, hands[i]!, 0.3 * k, 0.3 * k, rotateY({ x: 0, y: 0, z: -1 }, pose.heading)),
  ) as [V3, V3];
  const skeleton: Skeleton = {
    pelvis: L(0, pelvisY, 0),
    chest,
    neck,
    head,
    shoulder: shoulders,
    elbow: elbows,
    hand: hands as [V3, V3],
    hip: hips,
    knee: knees,
    ankle: ankles as [V3, V3],
    toe: toes as [V3, V3],
    lag: moving * Math.sin(phase * 4 * Math.PI - 1.2),
  };
  const lying = lieAt(motion, t, LIE_SEC);
  if (lying > 0) return lieBack(skeleton, pose, lying, k, SEAT_HEIGHT[motion.seat ?? 'ground']);
  const sitting = sitAt(motion, t, SIT_SEC);
  if (sitting > 0) return blendSkeletons(skeleton, seatedSkeleton(L, motion.seat ?? 'ground', k, t), sitting);
  const dancing = danceAt(motion, t, 0.5);
  if (dancing > 0) return blendSkeletons(skeleton, dancingSkeleton(L, k, t, desync), dancing);
  const fall = fallAngleAt(motion, t, height * 0.9);
  if (fall === 0) return skeleton;
  // A topple forward about the line through the feet, the arms thrown forward to break the fall.
  const across = rotateY({ x: 1, y: 0, z: 0 }, pose.heading);
  const brace = fall / (Math.PI / 2);
  // Thrown forward as the body goes, ending above the head (not under the ground) once it lies flat.
  const reachOut = rotateY(
    { x: 0, y: 0.4 * brace * k, z: 0.35 * Math.sin(Math.PI * brace) * k },
    pose.heading,
  );
  skeleton.hand = [add(skeleton.hand[0], reachOut), add(skeleton.hand[1], reachOut)];
  skeleton.elbow = [
    add(skeleton.elbow[0], scaleV(reachOut, 0.5)),
    add(skeleton.elbow[1], scaleV(reachOut, 0.5)),
  ];
  // Lying down, the body's thickness rests on the ground rather than its centre line.
  return tipSkeleton(skeleton, pose.position, across, fall, 0.1 * brace * k);
}

/** The skeleton turned by `angle` about the line through `pivot` along `axis`, then lifted by `settle`. */
function tipSkeleton(skeleton: Skeleton, pivot: V3, axis: V3, angle: number, settle: number): Skeleton {
  const tip = (p: V3) => add(rotateAbout(p, pivot, axis, angle), { x: 0, y: settle, z: 0 });
  const pair = (ps: [V3, V3]): [V3, V3] => [tip(ps[0]), tip(ps[1])];
  return {
    pelvis: tip(skeleton.pelvis),
    chest: tip(skeleton.chest),
    neck: tip(skeleton.neck),
    head: tip(skeleton.head),
    shoulder: pair(skeleton.shoulder),
    elbow: pair(skeleton.elbow),
    hand: pair(skeleton.hand),
    hip: pair(skeleton.hip),
    knee: pair(skeleton.knee),
    ankle: pair(skeleton.ankle),
    toe: pair(skeleton.toe),
    lag: skeleton.lag,
  };
}

/** How long a person takes to sit down, in seconds. */
const SIT_SEC = 1.2;

/**
 * Seated, in the body's frame (`L`: x across, y up, z forward): on a bench or chair the thighs run
 * level to the front edge and the shins drop to the floor; on the ground the knees come up, feet
 * flat in front. Hands rest on the thighs or knees. The chest rises and falls with slow breathing.
 */
function seatedSkeleton(
  L: (x: number, y: number, z: number) => V3,
  seat: Seat,
  k: number,
  t: number,
): Skeleton {
  const h = SEAT_HEIGHT[seat];
  const breath = 0.005 * Math.sin(t * 1.6);
  const pelvisY = h + 0.1;
  const ground = seat === 'ground';
  // On the ground the body leans back a little onto straight arms, hands flat behind the hips.
  const back = ground ? -0.07 : 0;
  const knee = (x: number) => (ground ? L(x, 0.44, 0.28) : L(x, h + 0.09, 0.4));
  const ankle = (x: number) => (ground ? L(x * 1.05, 0.08, 0.5) : L(x, 0.08, 0.46));
  const toe = (x: number) => (ground ? L(x * 1.05, 0.03, 0.66) : L(x, 0.03, 0.62));
  const hand = (x: number) => (ground ? L(x * 2.5, 0.06, -0.24) : L(x * 1.35, h + 0.16, 0.32));
  const shoulder: [V3, V3] = [
    L(-0.19, pelvisY + 0.48 + breath, back - 0.02),
    L(0.19, pelvisY + 0.48 + breath, back - 0.02),
  ];
  const hands: [V3, V3] = [hand(-0.11), hand(0.11)];
  // Elbows bend back and a little out.
  const bend = (i: number) => sub(L(i === 0 ? -0.3 : 0.3, 0, -1), L(0, 0, 0));
  return {
    pelvis: L(0, pelvisY, -0.05),
    chest: L(0, pelvisY + 0.37 + breath, back * 0.7 - 0.03),
    neck: L(0, pelvisY + 0.55 + breath, back - 0.01),
    head: L(0, pelvisY + 0.66 + breath, back + 0.01),
    shoulder,
    elbow: [0, 1].map((i) => solveJoint(shoulder[i]!, hands[i]!, 0.3 * k, 0.3 * k, bend(i))) as [V3, V3],
    hand: hands,
    hip: [L(-0.1, pelvisY, -0.05), L(0.1, pelvisY, -0.05)],
    knee: [knee(-0.12), knee(0.12)],
    ankle: [ankle(-0.12), ankle(0.12)],
    toe: [toe(-0.12), toe(0.12)],
    lag: 0,
  };
}

/** Beats a second when dancing: 120 a minute, the tempo of most dance music. */
export const DANCE_BEATS_PER_SEC = 2;

/**
 * Dancing on the spot, on the beat: the weight shifts from foot to foot each beat, the knees dip on
 * every beat, the free heel lifts, the shoulders turn against the hips and the head nods. Arms either
 * pump up above the head in turn or swing bent at the chest, by the dancer (`desync` picks, and puts
 * each a little off the others' phase). The feet never leave their places.
 */
function dancingSkeleton(
  L: (x: number, y: number, z: number) => V3,
  k: number,
  t: number,
  desync: number,
): Skeleton {
  const style = Math.abs(Math.floor(desync * 7)) % 2;
  const b = (t * DANCE_BEATS_PER_SEC + (((desync % 1) + 1) % 1) * 0.25) * Math.PI;
  const sway = 0.07 * Math.sin(b);
  const dip = 0.05 * (0.5 - 0.5 * Math.cos(2 * b));
  const pelvisY = 0.95 - dip;
  const twist = 0.12 * Math.sin(b);
  const hip: [V3, V3] = [L(-0.1 + sway, pelvisY, 0.1 * twist), L(0.1 + sway, pelvisY, -0.1 * twist)];
  // The foot the weight has left rises onto its toes.
  const heel = (side: number) => 0.06 * Math.max(0, -side * Math.sin(b));
  const ankle: [V3, V3] = [L(-0.15, 0.08 + heel(-1), -0.02), L(0.15, 0.08 + heel(1), -0.02)];
  const toe: [V3, V3] = [L(-0.16, 0.02, 0.14), L(0.16, 0.02, 0.14)];
  const forward = sub(L(0, 0, 1), L(0, 0, 0));
  const knee = [0, 1].map((i) => solveJoint(hip[i]!, ankle[i]!, 0.45 * k, 0.44 * k, forward)) as [V3, V3];
  const shoulder: [V3, V3] = [
    L(-0.19 + sway * 0.5, 1.43 - dip, -0.19 * twist),
    L(0.19 + sway * 0.5, 1.43 - dip, 0.19 * twist),
  ];
  const hand = [-1, 1].map((side) => {
    const phase = b + (side > 0 ? 0 : Math.PI);
    if (style === 0) {
      const up = 0.5 + 0.5 * Math.sin(phase);
      return L(side * (0.3 + 0.12 * up), 1.05 + 0.85 * up - dip, 0.12 + 0.08 * Math.cos(phase));
    }
    return L(
      side * (0.22 + 0.06 * Math.sin(phase)),
      1.2 - dip + 0.08 * Math.sin(2 * b),
      0.3 + 0.12 * Math.sin(phase),
    );
  }) as [V3, V3];
  const elbow = [0, 1].map((i) =>
    solveJoint(shoulder[i]!, hand[i]!, 0.3 * k, 0.3 * k, sub(L(i === 0 ? -1 : 1, -0.6, -0.4), L(0, 0, 0))),
  ) as [V3, V3];
  const nod = 0.015 * Math.sin(2 * b);
  return {
    pelvis: L(sway, pelvisY, 0),
    chest: L(sway * 0.6, pelvisY + 0.37, 0.02),
    neck: L(sway * 0.4, 1.5 - dip, 0.03),
    head: L(sway * 0.3, 1.61 - dip + nod, 0.04),
    shoulder,
    elbow,
    hand,
    hip,
    knee,
    ankle,
    toe,
    lag: Math.sin(b),
  };
}

/** Each joint `amount` of the way from `a` to `b`. */
function blendSkeletons(a: Skeleton, b: Skeleton, amount: number): Skeleton {
  if (amount >= 1) return b;
  const m = (p: V3, q: V3) => lerp3(p, q, amount);
  const pair = (p: [V3, V3], q: [V3, V3]): [V3, V3] => [m(p[0], q[0]), m(p[1], q[1])];
  return {
    pelvis: m(a.pelvis, b.pelvis),
    chest: m(a.chest, b.chest),
    neck: m(a.neck, b.neck),
    head: m(a.head, b.head),
    shoulder: pair(a.shoulder, b.shoulder),
    elbow: pair(a.elbow, b.elbow),
    hand: pair(a.hand, b.hand),
    hip: pair(a.hip, b.hip),
    knee: pair(a.knee, b.knee),
    ankle: pair(a.ankle, b.ankle),
    toe: pair(a.toe, b.toe),
    lag: a.lag + (b.lag - a.lag) * amount,
  };
}

/** How long a person takes to lie down, in seconds. */
const LIE_SEC = 1.6;

/**
 * Lying on the back, to rest or sleep: the standing skeleton laid down backwards about the line
 * through the feet, arms along the sides, the body's thickness on the ground, or on whatever it lies
 * on (`onTop`, its height).
 */
function lieBack(skeleton: Skeleton, pose: Pose, lying: number, k: number, onTop: number): Skeleton {
  const across = rotateY({ x: 1, y: 0, z: 0 }, pose.heading);
  const settle = (0.1 + onTop) * lying * k;
  return { ...tipSkeleton(skeleton, pose.position, across, (-Math.PI / 2) * lying, settle), lag: 0 };
}

const SKIN = hex('#c99a7c');
const HAIR = hex('#16110e');
const TROUSERS = hex('#1c1c22');

function lit(palette: Palette, c: Rgb, depth: number, amount = 1): string {
  const base = palette.night
    ? mixRgb(scaleRgb(c, 0.8), hex('#3a3550'), 0.2)
    : scaleRgb(c, 0.85 + palette.keyStrength * 0.2);
  return css(mixRgb(base, palette.fog, fogAmount(palette, depth) * amount));
}

/**
 * A person's drawables. A rider (`seated`, riding.ts) is drawn in two: the far leg just behind the
 * mount, the rest of the body just in front of it, so the legs straddle its barrel.
 */
export function personDrawables(fc: FrameContext, entity: Entity, placed: Pose, seated?: Seated): Drawable[] {
  const sk = seated?.skeleton ?? poseSkeleton(entity, placed, fc.t);
  const pose = seated ? { ...placed, heading: seated.heading } : bodyPose(entity, placed, fc.t);
  const airborne = entity.motion.type === 'jump' || entity.motion.type === 'fall';
  const depth = fc.view.depthOf(sk.pelvis);
  if (depth < 0.3) return [];
  const farSide = (view: View): 0 | 1 => (view.depthOf(sk.hip[0]) > view.depthOf(sk.hip[1]) ? 0 : 1);
  const figure = (part: 'all' | 'far-leg' | 'rest'): Drawable => ({
    depth: !seated ? depth : part === 'far-leg' ? seated.mountDepth + 1e-3 : seated.mountDepth - 1e-3,
    draw: ({ ctx, view, palette }) => {
      const k = entity.traits.scale;
      const outfit = hex(entity.traits.color ?? '#2b2b33');
      const accent = hex(entity.traits.secondaryColor ?? '#7a1f2b');
      const coat = (entity.traits.clothing ?? '').length > 0;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';

      // Contact shadow: grounds the figure (a rider's is the mount's).
      // A jumping or falling body's shadow stays on the ground, fainter the higher the body is.
      const groundY = airborne ? pose.position.y + 0.01 : 0.01 + (sk.ankle[0].y + sk.ankle[1].y) / 2 - 0.08;
      const foot = seated ? undefined : view.project({ x: sk.pelvis.x, y: groundY, z: sk.pelvis.z });
      if (foot) {
        const rise = airborne
          ? Math.max(0, Math.min(sk.ankle[0].y, sk.ankle[1].y) - pose.position.y - 0.08)
          : 0;
        ctx.fillStyle = css(hex('#000000'), 0.35 / (1 + rise * 2));
        ctx.beginPath();
        ctx.ellipse(foot.x, foot.y, 0.35 * k * foot.scale, 0.08 * k * foot.scale, 0, 0, Math.PI * 2);
        ctx.fill();
      }

      // Whatever they sit on, under them; its back behind them or, seen from behind, over them.
      const { motion } = entity;
      const seat =
        motion.type === 'sit' && sitAt(motion, fc.t, SIT_SEC) > 0
          ? seatDrawing(view, palette, motion.seat ?? 'ground', pose.position, pose.heading, k)
          : motion.type === 'lie'
            ? seatDrawing(view, palette, motion.seat ?? 'ground', pose.position, pose.heading, k, 'lie-back')
            : undefined;
      const backFirst = seat !== undefined && seat.backDepth > view.depthOf(sk.chest);
      seat?.drawUnder(ctx);
      if (backFirst) seat.drawBack(ctx);

      // Far side first: the limb farther from the camera is drawn before the body.
      const far = farSide(view);
      const order: readonly [0 | 1, 0 | 1] = far === 0 ? [0, 1] : [1, 0];
      const legColor = lit(palette, coat ? TROUSERS : outfit, depth);
      const shoe = lit(palette, hex('#0d0d0f'), depth);
      const skin = lit(palette, SKIN, depth);
      const sleeve = lit(palette, outfit, depth);
      const drawLeg = (i: 0 | 1, shade: number) => {
        const c = shade < 1 ? lit(palette, scaleRgb(coat ? TROUSERS : outfit, shade), depth) : legColor;
        limb(ctx, view, sk.hip[i], sk.knee[i], 0.075 * k, c);
        limb(ctx, view, sk.knee[i], sk.ankle[i], 0.06 * k, c);
        limb(ctx, view, sk.ankle[i], sk.toe[i], 0.045 * k, shoe);
      };
      const drawArm = (i: 0 | 1, shade: number) => {
        const c = shade < 1 ? lit(palette, scaleRgb(outfit, shade), depth) : sleeve;
        limb(ctx, view, sk.shoulder[i], sk.elbow[i], 0.055 * k, c);
        limb(ctx, view, sk.elbow[i], sk.hand[i], 0.045 * k, c);
        limb(ctx, view, sk.hand[i], sk.hand[i], 0.045 * k, skin);
      };
      if (part !== 'rest') drawLeg(order[0], 0.75);
      if (part === 'far-leg') return;
      drawArm(order[0], 0.75);
      drawLeg(order[1], 1);

      // Torso, and a coat that flares below the hips and swings a beat behind the legs.
      const body = lit(palette, outfit, depth);
      // At night, coloured light from the street behind rims the silhouette.
      if (palette.night) {
        ctx.strokeStyle = css(
          mixRgb(hex('#ff5fa8'), hex('#5fd8ff'), 0.5 + 0.5 * Math.sin(pose.position.z * 0.3)),
          0.55,
        );
        limb(ctx, view, sk.chest, sk.pelvis, 0.19 * k, ctx.strokeStyle as string);
      }
      fillPolygon(ctx, view, [sk.shoulder[0], sk.shoulder[1], sk.hip[1], sk.hip[0]], body);
      limb(ctx, view, sk.chest, sk.pelvis, 0.15 * k, body);
      if (coat) {
        const back = rotateY({ x: 0, y: 0, z: -0.06 * sk.lag * k }, pose.heading);
        const hem = (side: number) =>
          add(add(sk.pelvis, rotateY({ x: side * 0.23 * k, y: -0.42 * k, z: -0.02 }, pose.heading)), back);
        fillPolygon(ctx, view, [sk.shoulder[0], sk.shoulder[1], hem(1), hem(-1)], body);
      }
      // A belt or scarf in the accent colour: the outfit's second colour reads at a distance.
      limb(ctx, view, sk.neck, sk.chest, 0.06 * k, lit(palette, accent, depth));

      drawArm(order[1], 1);

      // Head and hair; long hair trails with the walk, behind the head or in front of it by depth.
      limb(ctx, view, sk.neck, sk.head, 0.05 * k, skin);
      const h = view.project(sk.head);
      if (!h) return;
      const r = 0.105 * k * h.scale;
      const hair = lit(palette, HAIR, depth);
      const tail = add(
        sk.neck,
        rotateY({ x: 0.02 * sk.lag, y: -0.12 * k, z: -0.07 * k - 0.03 * Math.abs(sk.lag) }, pose.heading),
      );
      const crown = { ...sk.head, y: sk.head.y + 0.02 * k };
      const tailBehind = view.depthOf(tail) > view.depthOf(sk.head);
      if (tailBehind) limb(ctx, view, crown, tail, 0.075 * k, hair);
      // Seen from behind the head is all hair; from the front, a face framed by hair on top; from the
      // side, the face turned toward where the person looks, the hair at the back of the head.
      ctx.fillStyle = hair;
      ctx.beginPath();
      ctx.ellipse(h.x, h.y - r * 0.08, r * 0.95, r * 1.05, 0, 0, Math.PI * 2);
      ctx.fill();
      const forward = rotateY({ x: 0, y: 0, z: 1 }, pose.heading);
      const facing = dot(forward, normalize(sub(view.position, sk.head)));
      const ahead = view.project(add(sk.head, scaleV(forward, 0.1 * k)));
      if (facing > -0.3 && ahead) {
        // 0 facing the camera, 1 in profile.
        const turn = clamp(1 - facing, 0, 1);
        const toward = Math.sign(ahead.x - h.x) * r * 0.3 * turn;
        ctx.fillStyle = skin;
        ctx.beginPath();
        ctx.ellipse(h.x + toward, h.y + r * 0.12, r * (0.72 - 0.12 * turn), r * 0.86, 0, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = hair;
        ctx.beginPath();
        ctx.ellipse(h.x - toward * 0.5, h.y - r * 0.55, r * 0.8, r * 0.4, 0, Math.PI, Math.PI * 2);
        ctx.fill();
      }
      if (!tailBehind) limb(ctx, view, crown, tail, 0.075 * k, hair);
      if (seat && !backFirst) seat.drawBack(ctx);
    },
  });
  return seated ? [figure('far-leg'), figure('rest')] : [figure('all')];
}
