/**
 * Turns one understood shot into concrete staging: where each entity stands and how it moves, where
 * the camera goes, and when things happen. Coordinates follow the engine's world conventions
 * (src/engine/worlds/): metres, y up, z forward; in `mountain-road`, a ground entity's x is its
 * offset from the road's centre line and z its distance along it.
 *
 * The showcase set-ups (a sailor's POV at sea, a tracking shot down a night street, a chase camera
 * on a mountain road, a drone over a valley) have hand-made staging; everything else goes through
 * the general stage: entities on a ground plane in front of the camera, honouring the prompt's
 * spatial relations, framed by shot size and angle, moved by the named camera move.
 */
import {
  AIRBORNE_KINDS,
  MOUNT_KINDS,
  type Camera,
  type CameraKeyframe,
  type EntityKind,
  type PlanEvent,
  type Seat,
  type Setting,
  type VideoPlanInput,
} from '../plan/index.ts';
import { rng } from '../lib/random.ts';
import { stageProps } from './props-staging.ts';
import type { EntityMention, ShotUnderstanding, Understanding } from './understanding.ts';

type ShotInput = VideoPlanInput['shots'][number];
type EntityInput = NonNullable<ShotInput['entities']>[number];
type AudioInput = NonNullable<VideoPlanInput['audio']>;
export type EffectInput = NonNullable<AudioInput['effects']>[number];
type AmbienceKind = NonNullable<AudioInput['ambience']>[number]['kind'];

export interface StagedShot {
  readonly camera: Camera;
  readonly entities: EntityInput[];
  /** Shot-local events. */
  readonly events: PlanEvent[];
  /** Shot-local effects (the director shifts them onto the global timeline). */
  readonly effects: EffectInput[];
  readonly ambience: AmbienceKind[];
  readonly mood: 'calm' | 'tense' | 'epic' | 'upbeat' | 'ambient';
  readonly timeScale: number;
  readonly followEntityId?: string;
}

interface Ctx {
  readonly shot: ShotUnderstanding;
  readonly u: Understanding;
  readonly duration: number;
  readonly random: () => number;
  readonly ids: Map<string, string[]>;
}

const v = (x: number, y: number, z: number) => ({ x, y, z });
const round = (n: number) => Math.round(n * 1000) / 1000;

/** Natural size of each kind, in metres: drives spacing and framing. */
const SIZE: Record<EntityKind, number> = {
  person: 1.7,
  robot: 1.9,
  ship: 30,
  'sea-monster': 14,
  suv: 4.7,
  car: 4.5,
  truck: 6,
  bicycle: 1.8,
  bird: 0.6,
  dog: 0.8,
  cat: 0.45,
  horse: 2.4,
  lion: 2.6,
  cow: 2.6,
  sheep: 1.3,
  goat: 1.2,
  airplane: 12,
  'hot-air-balloon': 22,
  // Props are small, but what they do needs room: a drop from above the frame, a bounce across it.
  crate: 2,
  ball: 2.5,
  barrel: 2,
  rock: 2.5,
};
const WALK_SPEED: Partial<Record<EntityKind, number>> = {
  dog: 1.6,
  cat: 1.0,
  horse: 1.8,
  lion: 1.4,
  cow: 1.1,
  sheep: 1.0,
  goat: 1.1,
  robot: 1.2,
};
const RUN_SPEED: Partial<Record<EntityKind, number>> = {
  dog: 5.5,
  cat: 4,
  horse: 9,
  lion: 11,
  cow: 6,
  sheep: 5,
  goat: 6,
  robot: 3,
  person: 3.6,
};

/** When a clause happens in a shot: in prompt order, "suddenly" mid-shot, "finally" late. */
export function clauseTime(
  shot: ShotUnderstanding,
  clause: number,
  duration: number,
  sudden = false,
  final = false,
): number {
  const k = shot.clauseCount;
  let t = clause === 0 ? 0 : (duration * clause) / Math.max(1, k);
  if (sudden) t = Math.min(Math.max(t, duration * 0.35), duration * 0.6);
  if (final) t = Math.max(t, duration * 0.72);
  return round(Math.min(t, Math.max(0, duration - 0.5)));
}

const VEHICLES = new Set<EntityKind>(['car', 'suv', 'truck']);
/** Kinds whose groups of three or more gather as a herd (or a pride, a pack) rather than a line. */
const HERD_KINDS = new Set<EntityKind>(['horse', 'lion', 'cow', 'sheep', 'goat', 'dog', 'cat']);
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Member i's place in a herd, about its centre: on a sunflower spiral (evenly spread without the
 * rows of a grid, at least a body apart), pushed a little off it, so a herd reads as one from a
 * drone above as well as from the ground.
 */
function herdOffset(i: number, spread: number, random: () => number): [number, number] {
  const r = spread * 0.9 * Math.sqrt(i + 0.5) * (0.9 + random() * 0.2);
  const a = i * GOLDEN_ANGLE + (random() - 0.5) * 0.5;
  return [r * Math.cos(a), r * Math.sin(a)];
}
const FLY_SPEED: Partial<Record<EntityKind, number>> = { airplane: 55, 'hot-air-balloon': 2 };
/** Height above the ground a flyer is staged at: a random share of this range, in metres. */
const FLY_HEIGHT: Partial<Record<EntityKind, readonly [number, number]>> = {
  airplane: [40, 60],
  bird: [2.5, 5.5],
  'hot-air-balloon': [18, 45],
};

function motionFor(
  kind: EntityKind,
  said: EntityMention['motion'],
): { type: EntityInput['motion']['type']; speed: number } {
  // Verbs fit their subject: a car that "climbs" or "races" drives, a boat that "drives" sails.
  const moving = said === 'walk' || said === 'run' || said === 'drive';
  // A bicycle is ridden at a cyclist's pace: leisurely (walk) or briskly.
  if (kind === 'bicycle')
    return moving ? { type: 'drive', speed: said === 'walk' ? 3.5 : 6 } : { type: 'idle', speed: 0 };
  const motion =
    moving && VEHICLES.has(kind)
      ? 'drive'
      : moving && kind === 'ship'
        ? 'sail'
        : moving && AIRBORNE_KINDS.has(kind)
          ? 'fly'
          : said;
  switch (motion) {
    case 'walk':
      return { type: 'walk', speed: WALK_SPEED[kind] ?? 1.4 };
    case 'run':
      return { type: 'run', speed: RUN_SPEED[kind] ?? 3.6 };
    case 'drive':
      return { type: 'drive', speed: kind === 'truck' ? 12 : 15 };
    case 'fly':
      return { type: 'fly', speed: FLY_SPEED[kind] ?? 9 };
    case 'swim':
      return { type: 'swim', speed: 1.2 };
    case 'sail':
      return { type: 'sail', speed: 3 };
    case 'rise':
      return { type: 'rise', speed: 4 };
    case 'jump':
    case 'fall':
    case 'turn':
    case 'lie':
    case 'sit':
    case 'dance':
      return { type: motion, speed: 0 };
    case 'idle':
      return { type: 'idle', speed: 0 };
    case undefined:
      if (kind === 'suv' || kind === 'car' || kind === 'truck') return { type: 'drive', speed: 14 };
      // A balloon drifts with the wind whether or not the prompt says it moves.
      if (AIRBORNE_KINDS.has(kind)) return { type: 'fly', speed: FLY_SPEED[kind] ?? 9 };
      if (kind === 'ship') return { type: 'sail', speed: 2 };
      if (kind === 'sea-monster') return { type: 'rise', speed: 4 };
      return { type: 'idle', speed: 0 };
  }
}

/** Ids per mention: "dog-1", and for "three dogs" "dog-1".."dog-3"; stable across shots by mention key. */
export function assignIds(u: Understanding): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  const perKind = new Map<EntityKind, number>();
  for (const shot of u.shots) {
    for (const m of shot.entities) {
      if (ids.has(m.key)) continue;
      const list: string[] = [];
      for (let i = 0; i < Math.min(m.count, 12); i++) {
        const n = (perKind.get(m.kind) ?? 0) + 1;
        perKind.set(m.kind, n);
        list.push(`${m.kind}-${n}`);
      }
      ids.set(m.key, list);
    }
  }
  return ids;
}

function traitsOf(m: EntityMention, u: Understanding) {
  const scale =
    m.size === 'small'
      ? 0.6
      : m.size === 'large'
        ? m.kind === 'person'
          ? 1.15
          : 1.8
        : m.age === 'child'
          ? 0.68
          : 1;
  return {
    ...(m.color ? { color: m.color } : {}),
    ...(m.clothing ? { clothing: m.clothing } : {}),
    ...(m.age ? { age: m.age } : {}),
    ...(m.material ? { material: m.material } : {}),
    ...(u.era && (m.kind === 'person' || m.kind === 'ship') ? { era: u.era } : {}),
    scale,
  };
}

// --- the general stage ----------------------------------------------------------------------

interface Placed {
  mention: EntityMention;
  ids: string[];
  x: number;
  y: number;
  z: number;
  heading: number;
  /** Set when another entity's pace decides this one's (a chase keeps its distance). */
  speed?: number;
}

const STAGE_DEPTH: Record<NonNullable<ShotUnderstanding['shotSize']>, number> = {
  'extreme-close-up': 1.1,
  'close-up': 2.4,
  medium: 4.5,
  wide: 9,
  'extreme-wide': 24,
};

function generalStage(ctx: Ctx): StagedShot {
  const { shot, duration, random } = ctx;
  const mentions = shot.entities;
  const main = mentions.find((m) => !m.placement?.region || m.placement.region === 'center') ?? mentions[0];
  const mainSize = main
    ? SIZE[main.kind] * (main.size === 'large' ? 1.8 : main.size === 'small' ? 0.6 : 1)
    : 2;
  const groupSpread = mentions.reduce((a, m) => a + Math.min(m.count, 6) * SIZE[m.kind], 0);
  // Indoors the camera comes in closer: a cat on a rug should not be a speck in the room, and a
  // room has no vista to show off around its people.
  const indoors = shot.setting === 'interior';
  const defaultDepth = Math.max(
    indoors ? 2 : 4,
    Math.min(60, Math.max(mainSize * (indoors ? 2.5 : 3.2), groupSpread * 1.2)),
  );
  const depth = shot.shotSize ? STAGE_DEPTH[shot.shotSize] * Math.max(1, mainSize / 1.7) : defaultDepth;
  const halfWidth = depth * 0.75;

  // Place mentions: a line across the frame, then regions, then relations to anchors.
  const placed = new Map<string, Placed>();
  const ground = mentions.filter((m) => !AIRBORNE_KINDS.has(m.kind));
  mentions.forEach((m) => {
    const ids = ctx.ids.get(m.key) ?? [`${m.kind}-1`];
    const i = ground.indexOf(m);
    const slot = i < 0 ? 0 : i - (ground.length - 1) / 2;
    const spacing = Math.max(1.4, (SIZE[m.kind] + (ground[i + 1] ? SIZE[ground[i + 1]!.kind] : 0)) * 0.7);
    const range = FLY_HEIGHT[m.kind];
    const y = range ? range[0] + random() * (range[1] - range[0]) : 0;
    placed.set(m.key, {
      mention: m,
      ids,
      x: slot * spacing,
      y,
      // A balloon with people on the ground in the shot hangs far off, where a camera at eye level
      // sees it above them.
      z:
        m.kind === 'hot-air-balloon' && ground.length > 0
          ? depth + 220
          : depth + (AIRBORNE_KINDS.has(m.kind) ? depth * 0.5 : 0),
      heading: 180,
    });
  });
  for (const p of placed.values()) {
    switch (p.mention.placement?.region) {
      case 'left':
        p.x = -halfWidth * 0.5;
        break;
      case 'right':
        p.x = halfWidth * 0.5;
        break;
      case 'center':
        p.x = 0;
        break;
      case 'foreground':
        p.z = depth * 0.55;
        break;
      case 'background':
        p.z = depth * 2.2;
        break;
      default:
        break;
    }
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const p of placed.values()) {
      const rel = p.mention.placement;
      if (!rel?.relation || !rel.anchorKey) continue;
      const anchor = placed.get(rel.anchorKey);
      if (!anchor) continue;
      const gap = (SIZE[p.mention.kind] + SIZE[anchor.mention.kind]) * 0.6 + 0.6;
      switch (rel.relation) {
        case 'left-of':
          Object.assign(p, { x: anchor.x - gap, z: anchor.z });
          break;
        case 'right-of':
          Object.assign(p, { x: anchor.x + gap, z: anchor.z });
          break;
        case 'in-front-of':
          Object.assign(p, { x: anchor.x + gap * 0.35, z: Math.max(1.2, anchor.z - gap * 1.2) });
          break;
        case 'behind':
          Object.assign(p, { x: anchor.x - gap * 0.35, z: anchor.z + gap * 1.5 });
          break;
        case 'above':
          Object.assign(p, { x: anchor.x, z: anchor.z, y: anchor.y + SIZE[anchor.mention.kind] + 1.5 });
          break;
        case 'below':
          Object.assign(p, { x: anchor.x, z: anchor.z, y: Math.max(0, anchor.y - SIZE[p.mention.kind] - 1) });
          break;
        case 'near':
          // Beside it, a little behind: close enough to read as "next to" whatever the two sizes.
          Object.assign(p, {
            x: anchor.x + (SIZE[p.mention.kind] + SIZE[anchor.mention.kind]) * 0.15 + 0.4,
            z: anchor.z + 1.6,
          });
          break;
      }
    }
  }

  // Motion: movers cross the frame left to right; a chaser runs behind its target.
  const movers = [...placed.values()].filter((p) =>
    ['walk', 'run', 'drive', 'fly', 'swim', 'sail'].includes(
      motionFor(p.mention.kind, p.mention.motion).type,
    ),
  );
  for (const p of movers) p.heading = 90;
  for (const p of placed.values()) {
    const action = p.mention.action;
    const target = action?.targetKey ? placed.get(action.targetKey) : undefined;
    if (target && (action!.verb === 'chase' || action!.verb === 'follow')) {
      p.heading = target.heading = 90;
      p.x = target.x - (SIZE[p.mention.kind] + SIZE[target.mention.kind]) * 1.2 - 1;
      p.z = target.z;
      // The chased one keeps just ahead: both run at the slower of their paces, the chaser a touch slower.
      const pace = Math.min(
        motionFor(p.mention.kind, p.mention.motion).speed,
        motionFor(target.mention.kind, target.mention.motion).speed,
      );
      target.speed = pace;
      p.speed = pace * 0.96;
    } else if (target && action!.verb === 'ride' && MOUNT_KINDS.includes(target.mention.kind)) {
      // On its back (seatRiders): the camera frames the pair where the mount is.
      p.x = target.x;
      p.z = target.z;
      p.heading = target.heading;
    } else if (
      target &&
      (action!.verb === 'watch' || action!.verb === 'approach' || action!.verb === 'greet')
    ) {
      p.heading = (Math.atan2(target.x - p.x, target.z - p.z) * 180) / Math.PI;
    }
  }

  // Something that turns up later ("suddenly a horse appears") turns up where the camera will be
  // looking by then: ahead of a moving main subject, by the distance it will have covered.
  const lead = main ? placed.get(main.key) : undefined;
  const leadMotion = lead ? motionFor(lead.mention.kind, lead.mention.motion) : undefined;
  if (lead && leadMotion && leadMotion.speed > 0 && lead.heading === 90) {
    for (const p of placed.values()) {
      if (p === lead || p.mention.appearsAtClause === undefined || p.mention.placement) continue;
      const at = clauseTime(shot, p.mention.appearsAtClause, duration, true);
      p.x = lead.x + leadMotion.speed * at + (SIZE[p.mention.kind] + SIZE[lead.mention.kind]) * 0.8 + 1;
      p.z = lead.z + 0.5;
    }
  }

  const entities: EntityInput[] = [];
  const events: PlanEvent[] = [];
  for (const p of placed.values()) {
    const m = p.mention;
    const motion = motionFor(m.kind, m.motion);
    // Instant actions (a jump, a fall, a turn) said in the first clause still need a beat of set-up.
    const instant = motion.type === 'jump' || motion.type === 'fall' || motion.type === 'turn';
    const start =
      m.motionClause !== undefined && m.motionClause > 0
        ? clauseTime(shot, m.motionClause, duration)
        : instant
          ? Math.round(duration * 0.3 * 1000) / 1000
          : 0;
    const appearAt =
      m.appearsAtClause !== undefined
        ? clauseTime(
            shot,
            m.appearsAtClause,
            duration,
            shot.happenings.some((h) => h.entityKey === m.key && h.sudden),
          )
        : undefined;
    const leaveAt = m.leavesAtClause !== undefined ? clauseTime(shot, m.leavesAtClause, duration) : undefined;
    p.ids.forEach((id, i) => {
      // Members of a counted group stand in a loose cluster, each slightly different; balloons
      // scatter over the sky, near and far, high and low; animals gather as a herd.
      const spread = SIZE[m.kind] * 1.1 + 0.4;
      const sky = m.kind === 'hot-air-balloon' && p.ids.length > 1;
      const herd = HERD_KINDS.has(m.kind) && p.ids.length > 2;
      // People sitting together sit side by side, as on one bench.
      const [dx, dz] = herd
        ? herdOffset(i, spread, random)
        : motion.type === 'sit' && m.kind === 'person'
          ? [(i - (p.ids.length - 1) / 2) * 0.62, 0]
          : [
              p.ids.length > 1 ? (i - (p.ids.length - 1) / 2) * spread * (sky ? 1.6 : 1) : 0,
              sky ? i * spread * 1.4 : p.ids.length > 1 ? ((i % 2) - 0.5) * spread * 0.6 : 0,
            ];
      const dy = sky ? random() * 35 + i * 6 : 0;
      entities.push({
        id,
        kind: m.kind,
        label: m.label,
        traits: { ...traitsOf(m, ctx.u), ...(m.memberColors?.[i] ? { color: m.memberColors[i] } : {}) },
        position: v(round(p.x + dx), round(p.y + dy), round(p.z + dz)),
        // Idle members of a group face slightly different ways; moving ones keep one course. Whoever
        // lies down does so across the frame, where a body lying down reads as one.
        headingDeg: round(
          (motion.type === 'lie' && p.heading === 180 ? 90 : p.heading) +
            (p.ids.length > 1 && motion.type === 'idle' ? (random() - 0.5) * (herd ? 90 : 10) : 0),
        ),
        motion: {
          type: motion.type,
          speed: round(
            (p.speed ?? motion.speed) *
              (p.ids.length > 1 && p.speed === undefined ? 0.92 + random() * 0.16 : 1),
          ),
          start,
          ...(motion.type === 'sit' && m.kind === 'person' ? { seat: m.seat ?? seatIn(shot.setting) } : {}),
          // Lying on a sofa, a bed or a bench, when the prompt says so; a chair is no place to lie.
          ...(motion.type === 'lie' && m.seat && m.seat !== 'chair' ? { seat: m.seat } : {}),
        },
        ...(p.ids.length > 1 ? { group: `${m.kind}-group-${p.ids[0]!.split('-').pop()}` } : {}),
        ...(m.placement
          ? {
              placement: {
                ...(m.placement.relation ? { relation: m.placement.relation } : {}),
                ...(m.placement.anchorKey ? { anchor: ctx.ids.get(m.placement.anchorKey)?.[0] ?? '' } : {}),
                ...(m.placement.region ? { region: m.placement.region } : {}),
              },
            }
          : {}),
        ...(m.action
          ? {
              action: {
                verb: m.action.verb,
                // Each of several riders on a mount of their own, while there are enough to go round.
                ...(m.action.targetKey
                  ? {
                      target:
                        ctx.ids.get(m.action.targetKey)?.[m.action.verb === 'ride' ? i : 0] ??
                        ctx.ids.get(m.action.targetKey)?.[0] ??
                        '',
                    }
                  : {}),
              },
            }
          : {}),
        ...(appearAt !== undefined && appearAt > 0 ? { visibleFrom: appearAt } : {}),
        ...(leaveAt !== undefined && leaveAt > 0 ? { visibleUntil: leaveAt } : {}),
      });
    });
    void events;
  }

  seatRiders(entities);
  const subject = main ? placed.get(main.key) : undefined;
  // When the prompt arranged things ("on the left", "next to"), the frame is centred on the group.
  const ground2 = [...placed.values()].filter((p) => !AIRBORNE_KINDS.has(p.mention.kind));
  const centre =
    ground2.length > 1 && mentions.some((m) => m.placement)
      ? ground2.reduce((a, p) => a + p.x, 0) / ground2.length
      : undefined;
  const camera = generalCamera(
    ctx,
    subject && centre !== undefined ? { ...subject, x: centre } : subject,
    entities,
    depth,
    halfWidth,
  );
  return {
    camera,
    entities,
    events: [],
    effects: [],
    ambience: [],
    // Dancing wants music to dance to.
    mood: shot.happenings.some((h) => h.sudden)
      ? 'tense'
      : entities.some((e) => e.motion.type === 'dance')
        ? 'upbeat'
        : 'calm',
    timeScale: 1,
  };
}

function generalCamera(
  ctx: Ctx,
  subject: Placed | undefined,
  entities: EntityInput[],
  depth: number,
  halfWidth: number,
): Camera {
  const { shot, duration } = ctx;
  const target = subject ? v(subject.x, subject.y, subject.z) : v(0, 0, depth);
  const size = subject
    ? SIZE[subject.mention.kind] *
      (subject.mention.size === 'large' ? 1.8 : subject.mention.size === 'small' ? 0.6 : 1)
    : 1.7;
  // A flyer's position is its body, except a balloon's, which is its basket: aim at the envelope.
  const kind = subject?.mention.kind;
  const aimY =
    target.y +
    (kind === 'hot-air-balloon' ? 14 : Math.min(size, 3) * (kind && AIRBORNE_KINDS.has(kind) ? 0 : 0.55));
  const shotSize = shot.shotSize ?? 'wide';
  const angle = shot.angle ?? 'eye-level';
  let eyeY =
    angle === 'low'
      ? 0.35
      : angle === 'high'
        ? depth * 0.7 + 2
        : angle === 'overhead'
          ? depth * 1.3 + 2
          : // Indoors a small subject is seen from nearer its own height, not looked down on.
            Math.max(shot.setting === 'interior' ? Math.min(1.5, 0.6 + size) : 1.5, aimY);
  let camZ = target.z - depth;
  if (shot.viewpoint === 'drone') {
    eyeY = Math.max(25, depth * 3);
    camZ = target.z - Math.max(30, depth * 2.5);
  } else if (shot.viewpoint === 'pov') {
    eyeY = 1.65;
    camZ = Math.min(0, target.z - depth);
  }
  if (shot.setting === 'sea' && shot.viewpoint !== 'drone') {
    // At sea there is no ground to stand on: the camera rides above the swell, as from a boat's deck,
    // or the waves would fill the lens and hide what it films.
    eyeY = Math.max(eyeY, (angle === 'low' ? 2.5 : 4.5) + (shot.weather === 'storm' ? 2 : 0));
  }
  if (angle === 'overhead') camZ = target.z - 0.5;
  const fov =
    shotSize === 'extreme-close-up' || shotSize === 'close-up' ? 38 : shotSize === 'extreme-wide' ? 60 : 50;
  const mover =
    subject &&
    ['walk', 'run', 'drive', 'fly', 'swim', 'sail'].includes(
      entities.find((e) => e.id === subject.ids[0])?.motion.type ?? '',
    );
  // Movers are followed, unless the prompt arranged things in the frame (then the frame holds still).
  const arranged = shot.entities.some((m) => m.placement);
  const move =
    shot.move ??
    (shot.viewpoint === 'tracking' || (mover && !shot.viewpoint && !arranged)
      ? 'tracking'
      : shot.viewpoint === 'drone'
        ? 'glide'
        : 'static');
  const key = (
    t: number,
    position: { x: number; y: number; z: number },
    lookAt: { x: number; y: number; z: number },
    fovDeg = fov,
    rollDeg = 0,
  ): CameraKeyframe => ({
    t: round(t),
    position: v(round(position.x), round(position.y), round(position.z)),
    lookAt: v(round(lookAt.x), round(lookAt.y), round(lookAt.z)),
    fovDeg,
    rollDeg,
  });
  const base = v(target.x, eyeY, camZ);
  const look = v(target.x, aimY, target.z);
  const D = duration;
  let keyframes: CameraKeyframe[];
  let follow: string | undefined;
  switch (move) {
    case 'pan-left':
      keyframes = [
        key(0, base, { ...look, x: look.x + halfWidth * 0.6 }),
        key(D, base, { ...look, x: look.x - halfWidth * 0.6 }),
      ];
      break;
    case 'pan-right':
      keyframes = [
        key(0, base, { ...look, x: look.x - halfWidth * 0.6 }),
        key(D, base, { ...look, x: look.x + halfWidth * 0.6 }),
      ];
      break;
    case 'tilt-up':
      keyframes = [
        key(0, base, { ...look, y: Math.max(0, look.y - depth * 0.35) }),
        key(D, base, { ...look, y: look.y + depth * 0.5 }),
      ];
      break;
    case 'tilt-down':
      keyframes = [
        key(0, base, { ...look, y: look.y + depth * 0.5 }),
        key(D, base, { ...look, y: Math.max(0, look.y - depth * 0.35) }),
      ];
      break;
    case 'dolly-in':
      keyframes = [
        key(0, { ...base, z: target.z - depth * 1.5 }, look),
        key(D, { ...base, z: target.z - depth * 0.65 }, look),
      ];
      break;
    case 'dolly-out':
      keyframes = [
        key(0, { ...base, z: target.z - depth * 0.65 }, look),
        key(D, { ...base, z: target.z - depth * 1.5 }, look),
      ];
      break;
    case 'zoom-in':
      keyframes = [key(0, base, look, 56), key(D, base, look, 24)];
      break;
    case 'zoom-out':
      keyframes = [key(0, base, look, 24), key(D, base, look, 56)];
      break;
    case 'orbit':
      keyframes = [0, 0.25, 0.5, 0.75, 1].map((f) => {
        const a = -Math.PI / 2 + f * Math.PI * 0.8;
        const r = Math.max(depth, 3);
        return key(D * f, v(target.x + Math.cos(a) * r, eyeY, target.z + Math.sin(a) * r), look);
      });
      break;
    case 'crane-up':
      keyframes = [
        key(0, { ...base, y: Math.max(0.6, eyeY * 0.5) }, look),
        key(D, { ...base, y: eyeY + depth * 0.9 }, look),
      ];
      break;
    case 'crane-down':
      keyframes = [
        key(0, { ...base, y: eyeY + depth * 0.9 }, look),
        key(D, { ...base, y: Math.max(0.6, eyeY * 0.5) }, look),
      ];
      break;
    case 'tracking':
      if (subject) {
        // Beside the subject, level with it, looking at it as it moves: offsets in its heading frame.
        follow = subject.ids[0];
        // Far enough to the side to hold the whole moving group, aimed at its middle.
        const xs = entities.filter((e) => !AIRBORNE_KINDS.has(e.kind)).map((e) => e.position.x);
        const spread = xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : 0;
        const centreAhead = xs.length > 1 ? (Math.max(...xs) + Math.min(...xs)) / 2 - subject.x : 0;
        const side = Math.max(2.5, depth * 0.9, spread * 1.1);
        keyframes = [
          key(0, v(side, eyeY - target.y, centreAhead - side * 0.25), v(0, aimY - target.y, centreAhead)),
        ];
      } else {
        keyframes = [
          key(0, base, look),
          key(D, { ...base, z: base.z + 3 * D }, { ...look, z: look.z + 3 * D }),
        ];
      }
      break;
    case 'glide':
      keyframes = [
        key(0, base, look),
        key(
          D,
          { ...base, z: base.z + Math.max(4, depth * 0.25) * D },
          { ...look, z: look.z + Math.max(4, depth * 0.25) * D },
        ),
      ];
      break;
    case 'sway':
    case 'static':
      keyframes = [key(0, base, look)];
      break;
  }
  return {
    viewpoint:
      shot.viewpoint && shot.viewpoint !== 'handheld'
        ? shot.viewpoint
        : shot.handheld
          ? 'handheld'
          : move === 'tracking'
            ? 'tracking'
            : 'static',
    move,
    shotSize,
    angle,
    ...(follow ? { follow } : {}),
    keyframes,
    shake: shot.handheld ? 0.45 : move === 'static' ? 0.04 : 0.1,
    swayDeg: 0,
    // Close-ups are shot on a long lens wide open: the subject sharp, what lies behind it soft.
    ...(shot.shallowFocus || shotSize === 'extreme-close-up' || shotSize === 'close-up'
      ? { aperture: shot.shallowFocus ? 0.85 : shotSize === 'extreme-close-up' ? 0.7 : 0.55 }
      : {}),
  };
}

// --- showcase staging -----------------------------------------------------------------------

function stageSeaPov(ctx: Ctx, base: StagedShot): StagedShot {
  const { shot, duration, random } = ctx;
  const monster = shot.entities.find((m) => m.kind === 'sea-monster');
  const entities = base.entities.filter((e) => e.kind !== 'sea-monster');
  const events: PlanEvent[] = [];
  const effects: EffectInput[] = [
    { t: round(Math.min(duration * 0.15, 1.5)), kind: 'gull', gain: 0.35, pan: -0.6 },
  ];
  const surfacing = monster
    ? shot.happenings.find(
        (h) => h.entityKey === monster.key && (h.type === 'surface' || h.type === 'appear'),
      )
    : undefined;
  const surfaceAt = monster
    ? surfacing && surfacing.clause > 0
      ? clauseTime(shot, surfacing.clause, duration, surfacing.sudden, surfacing.final)
      : round(Math.max(0.6, duration * 0.38))
    : 0;
  const side = random() < 0.5 ? -1 : 1;
  if (monster) {
    const id = ctx.ids.get(monster.key)?.[0] ?? 'sea-monster-1';
    entities.push({
      id,
      kind: 'sea-monster',
      label: monster.label,
      traits: { color: monster.color ?? '#1d2a2a', scale: monster.size === 'large' ? 1.3 : 1 },
      position: v(round(side * (4 + random() * 3)), 0, round(20 + random() * 5)),
      headingDeg: 180,
      motion: { type: 'rise', speed: 4, start: surfaceAt },
    });
    events.push({
      t: surfaceAt,
      type: 'surface',
      entityId: id,
      description: `${monster.label} breaks the surface`,
    });
    effects.push(
      { t: round(Math.max(0, surfaceAt - 2)), kind: 'rumble', gain: 0.6, pan: side * 0.3 },
      { t: surfaceAt, kind: 'splash', gain: 0.8, pan: side * 0.4 },
      // The roar bursts out with the breach: its onset lands on the surfacing event (test/sound.test.ts).
      { t: surfaceAt, kind: 'roar', gain: 0.9, pan: side * 0.4 },
    );
  }
  // A startled tilt up toward the monster right after it breaches, then holding on it.
  const look = (t: number) => (monster && t > surfaceAt ? v(side * 9, 14, 60) : v(0, -2, 60));
  const keyTimes = [
    ...new Set(
      monster ? [0, surfaceAt, round(Math.min(duration, surfaceAt + 0.9)), duration] : [0, duration],
    ),
  ];
  return {
    ...base,
    camera: {
      viewpoint: 'pov',
      move: 'sway',
      shotSize: 'wide',
      angle: 'eye-level',
      keyframes: keyTimes.map((t, i) => ({
        t,
        position: v(0, 5, i === keyTimes.length - 1 ? 1.5 : 0),
        lookAt: look(t),
        fovDeg: 58,
        rollDeg: 0,
      })),
      shake: 0.35,
      swayDeg: 3,
    },
    entities,
    events,
    effects,
    ambience: ['sea', 'wind', 'timber'],
    mood: monster ? 'tense' : 'calm',
  };
}

/**
 * Landscapes seen by a drone gliding high over them, and how high as a share of the mountains' 900 m:
 * low over gentle land, whose hills and dunes flatten into one colour from higher up.
 */
const DRONE_HEIGHT: Partial<Record<Setting, number>> = {
  mountains: 1,
  countryside: 0.35,
  savanna: 0.2,
  desert: 0.2,
};

function stageDrone(ctx: Ctx, base: StagedShot): StagedShot {
  const { duration, shot } = ctx;
  if (base.entities.some((e) => e.kind === 'hot-air-balloon')) return stageAmongBalloons(ctx, base);
  const speed = 45;
  const low = DRONE_HEIGHT[shot.setting]!;
  return {
    ...base,
    camera: {
      viewpoint: 'drone',
      move: shot.move ?? 'glide',
      shotSize: 'extreme-wide',
      angle: 'high',
      keyframes: [
        { t: 0, position: v(-60, 900 * low, 0), lookAt: v(0, 380 * low, 2200), fovDeg: 55, rollDeg: -2 },
        {
          t: duration,
          position: v(60, 980 * low, speed * duration),
          lookAt: v(60, 360 * low, speed * duration + 2200),
          fovDeg: 55,
          rollDeg: 2,
        },
      ],
      shake: 0.05,
      swayDeg: 0,
    },
    entities: base.entities.map((e) =>
      e.kind === 'bird'
        ? {
            ...e,
            position: v(e.position.x - 20, 470 * low, 160),
            headingDeg: 10,
            motion: { type: 'fly', speed: 30, start: 0 },
          }
        : e,
    ),
    ambience: ['wind', 'birds'],
    mood: 'ambient',
  };
}

/**
 * A drone drifting slowly at the balloons' height, a little below the highest of them, looking out
 * across the valley past them: the balloons hang near and far against the land and the sky.
 */
function stageAmongBalloons(ctx: Ctx, base: StagedShot): StagedShot {
  const { duration, shot } = ctx;
  // Over mountains they (and the camera) float high above the valley floor, clear of its walls.
  const lift = shot.setting === 'mountains' ? 170 : 0;
  const entities = base.entities.map((e) =>
    e.kind === 'hot-air-balloon' ? { ...e, position: { ...e.position, y: round(e.position.y + lift) } } : e,
  );
  const balloons = base.entities.filter((e) => e.kind === 'hot-air-balloon');
  // A little below the highest balloon, so that most of them hang against the sky.
  const above = Math.max(...balloons.map((e) => e.position.y)) * 0.8 + 10;
  const height = lift + above;
  const aim = lift + above * 0.75;
  const drift = 3;
  return {
    ...base,
    camera: {
      viewpoint: 'drone',
      move: shot.move ?? 'glide',
      shotSize: 'wide',
      angle: 'eye-level',
      keyframes: [
        { t: 0, position: v(-15, height, -40), lookAt: v(0, aim, 400), fovDeg: 50, rollDeg: 0 },
        {
          t: duration,
          position: v(-15 + drift * duration, height + 0.4 * duration, -40 + drift * duration),
          lookAt: v(drift * duration, aim, 400 + drift * duration),
          fovDeg: 50,
          rollDeg: 0,
        },
      ],
      shake: 0.04,
      swayDeg: 0,
    },
    entities,
    mood: 'calm',
  };
}

function stageCityWalk(ctx: Ctx, base: StagedShot, walker: EntityInput): StagedShot {
  const { random, shot } = ctx;
  const entities = base.entities.map((e) =>
    e.id === walker.id
      ? {
          ...e,
          // A dark coat with a red scarf reads against the neon; a bicycle keeps its own colours.
          ...(e.kind === 'person'
            ? {
                traits: {
                  secondaryColor: '#c8102e',
                  clothing: 'coat',
                  ...e.traits,
                  color: e.traits?.color ?? '#101014',
                },
              }
            : {}),
          position: v(0.4, 0, 0),
          headingDeg: 180,
        }
      : e,
  );
  // Pedestrians in the mid-ground, crossing at their own paces in both directions.
  for (let i = 0; i < 9; i++) {
    const toward = random() < 0.5;
    entities.push({
      id: `pedestrian-${i + 1}`,
      kind: 'person',
      label: 'pedestrian',
      traits: {
        color: ['#2b2b33', '#3d3a36', '#5a4632', '#20304a', '#403040'][i % 5]!,
        scale: round(0.92 + random() * 0.14),
      },
      position: v(round((random() < 0.5 ? -1 : 1) * (1.8 + random() * 3)), 0, round(7 + random() * 34)),
      headingDeg: toward ? 180 : 0,
      motion: { type: 'walk', speed: round(1.1 + random() * 0.5), start: 0 },
    });
  }
  return {
    ...base,
    entities,
    camera: {
      viewpoint: 'tracking',
      move: 'tracking',
      shotSize: shot.shotSize ?? 'medium',
      angle: 'eye-level',
      follow: walker.id,
      keyframes: [{ t: 0, position: v(-1.3, 1.55, 4.4), lookAt: v(0, 1.15, 0), fovDeg: 38, rollDeg: 0 }],
      shake: shot.handheld ? 0.4 : 0.12,
      swayDeg: 0,
    },
    effects: [{ t: 1.2, kind: 'chime', gain: 0.3, pan: 0.5 }],
    ambience: ['city', 'crowd'],
    mood: 'upbeat',
  };
}

function stageRoadChase(ctx: Ctx, base: StagedShot, vehicle: EntityInput): StagedShot {
  const { shot } = ctx;
  const drone = shot.viewpoint === 'drone';
  return {
    ...base,
    entities: base.entities.map((e) =>
      e.id === vehicle.id
        ? {
            ...e,
            position: v(1.7, 0, 30),
            headingDeg: 0,
            motion:
              e.motion.type === 'drive' || e.motion.type === 'idle'
                ? { type: 'drive', speed: 17, start: e.motion.start ?? 0 }
                : e.motion,
          }
        : e,
    ),
    camera: {
      viewpoint: drone ? 'drone' : shot.viewpoint === 'tracking' ? 'tracking' : 'chase',
      move: 'tracking',
      shotSize: 'wide',
      angle: drone ? 'high' : 'eye-level',
      follow: vehicle.id,
      keyframes: [
        // A drone follows from the valley side (+x): it sees the road against the hillside, not a
        // slope rising past its lens.
        drone
          ? { t: 0, position: v(14, 28, -26), lookAt: v(0, 0, 12), fovDeg: 50, rollDeg: 0 }
          : { t: 0, position: v(-1.2, 3.6, -10.5), lookAt: v(0, 1.2, 10), fovDeg: 50, rollDeg: 0 },
      ],
      shake: 0.12,
      swayDeg: 0,
    },
    ambience: ['engine', 'wind'],
    mood: 'epic',
    followEntityId: vehicle.id,
  };
}

const MOVES_GENERAL = (s: ShotUnderstanding) =>
  s.move !== undefined ||
  s.shotSize !== undefined ||
  s.angle !== undefined ||
  s.entities.some((m) => m.placement);

export function stageShot(
  u: Understanding,
  shot: ShotUnderstanding,
  duration: number,
  seed: number,
  index: number,
  ids: Map<string, string[]>,
): StagedShot {
  const ctx: Ctx = { shot, u, duration, random: rng(seed, `staging:${index}:${shot.setting}`), ids };
  const base = generalStage(ctx);
  const speed = shot.speed === 'slow-motion' ? 0.35 : shot.speed === 'timelapse' ? 6 : 1;
  const ambience = defaultAmbience(shot, base);
  let staged: StagedShot;
  const ground = base.entities.filter((e) => !AIRBORNE_KINDS.has(e.kind));
  if (shot.setting === 'sea' && u.onShip) {
    staged = stageSeaPov(ctx, base);
  } else if (
    shot.setting in DRONE_HEIGHT &&
    ground.length === 0 &&
    !MOVES_GENERAL(shot) &&
    (!shot.viewpoint || shot.viewpoint === 'drone')
  ) {
    staged = stageDrone(ctx, base);
  } else if (
    shot.setting === 'city-street' &&
    !MOVES_GENERAL(shot) &&
    (!shot.viewpoint || shot.viewpoint === 'tracking' || shot.viewpoint === 'handheld')
  ) {
    // Whoever walks up the street, or rides a bicycle up it.
    const walker = base.entities.find(
      (e) =>
        (e.kind === 'person' && (e.motion.type === 'walk' || e.motion.type === 'run')) ||
        (e.kind === 'bicycle' && e.motion.type === 'drive'),
    );
    staged = walker && ground.length <= 2 ? stageCityWalk(ctx, base, walker) : base;
  } else if (
    VISTA_SETTINGS.has(shot.setting) &&
    base.entities.length === 0 &&
    !MOVES_GENERAL(shot) &&
    !shot.viewpoint
  ) {
    staged = stageVista(ctx, base);
  } else if (shot.setting === 'mountain-road' && !MOVES_GENERAL(shot) && shot.viewpoint !== 'pov') {
    const vehicle = base.entities.find((e) => e.kind === 'suv' || e.kind === 'car' || e.kind === 'truck');
    staged = vehicle ? stageRoadChase(ctx, base, vehicle) : base;
  } else {
    staged = base;
  }
  // Whatever a staging moved, riders stay on their mounts.
  seatRiders(staged.entities);
  const props = stageProps(staged.entities, shot.setting, duration, ctx.random);
  staged = { ...staged, entities: props.entities, effects: [...staged.effects, ...props.effects] };
  if (shot.happenings.some((h) => h.type === 'firework'))
    staged = { ...staged, camera: lookUpToSky(staged.camera) };
  const vehicle = staged.entities.find((e) => e.kind === 'suv' || e.kind === 'car' || e.kind === 'truck');
  return {
    ...staged,
    ambience: [...new Set([...staged.ambience, ...ambience])],
    timeScale: speed,
    ...(vehicle && !staged.followEntityId ? { followEntityId: vehicle.id } : {}),
  };
}

/** What someone sits on where the prompt does not say: a chair indoors, a bench in town, else the ground. */
function seatIn(setting: Setting): Seat {
  return setting === 'interior' ? 'chair' : setting === 'city-street' ? 'bench' : 'ground';
}

/**
 * Riders sit astride their mounts (engine/entities/riding.ts): where the mount is, facing its way,
 * moving as it moves. A second rider for the same mount stays on foot.
 */
function seatRiders(entities: EntityInput[]): void {
  // A bicycle does not go anywhere by itself: one on the move with nobody on it gets a rider.
  for (const bike of [...entities]) {
    if (bike.kind !== 'bicycle' || bike.motion.type === 'idle') continue;
    if (entities.some((e) => e.action?.verb === 'ride' && e.action.target === bike.id)) continue;
    entities.push({
      id: `rider-of-${bike.id}`,
      kind: 'person',
      label: bike.label,
      traits: {},
      position: { ...bike.position },
      headingDeg: bike.headingDeg,
      motion: { ...bike.motion },
      action: { verb: 'ride', target: bike.id },
    });
  }
  const taken = new Set<string>();
  for (const rider of entities) {
    if (rider.kind !== 'person' || rider.action?.verb !== 'ride') continue;
    const mount = entities.find((e) => e.id === rider.action!.target);
    if (!mount || !MOUNT_KINDS.includes(mount.kind)) continue;
    if (taken.has(mount.id)) {
      delete rider.action;
      continue;
    }
    taken.add(mount.id);
    rider.position = { ...mount.position };
    rider.headingDeg = mount.headingDeg;
    rider.motion = { ...mount.motion };
  }
}

/** Places that make a picture on their own: with nobody in them, the camera takes in the view. */
const VISTA_SETTINGS = new Set(['desert', 'beach', 'forest', 'space']);

/**
 * An empty landscape: the camera at standing height looks out with the horizon high in the frame
 * and drifts slowly forward and across, so the ground has depth and the shot is never still.
 */
function stageVista(ctx: Ctx, base: StagedShot): StagedShot {
  const { duration: D, shot } = ctx;
  const h = shot.setting === 'space' ? 1.6 : 1.8;
  const drift = shot.setting === 'forest' ? 0.9 : 1.6;
  return {
    ...base,
    camera: {
      viewpoint: 'static',
      move: 'glide',
      shotSize: 'extreme-wide',
      angle: 'eye-level',
      keyframes: [
        { t: 0, position: v(0, h, 0), lookAt: v(-3, h - 1.8, 60), fovDeg: 55, rollDeg: 0 },
        {
          t: round(D),
          position: v(round(drift * D * 0.4), h, round(drift * D)),
          lookAt: v(3, h - 1.8, round(60 + drift * D)),
          fovDeg: 55,
          rollDeg: 0,
        },
      ],
      shake: 0.05,
      swayDeg: 0,
    },
  };
}

function defaultAmbience(shot: ShotUnderstanding, staged: StagedShot): AmbienceKind[] {
  const out: AmbienceKind[] = [];
  switch (shot.setting) {
    case 'sea':
      out.push('sea', 'wind');
      break;
    case 'city-street':
      out.push('city', 'crowd');
      break;
    case 'mountains':
    case 'countryside':
    case 'savanna':
      out.push('wind', 'birds');
      break;
    case 'mountain-road':
      out.push('wind');
      break;
    case 'desert':
      out.push('wind');
      break;
    case 'beach':
      out.push('sea', 'wind');
      break;
    case 'forest':
      out.push('birds', 'wind');
      break;
    case 'interior':
      // A quiet room is never silent: a low room tone under the scene.
      out.push('room');
      break;
    case 'space':
      // Space is silent, but film space hums: a low, slowly turning drone.
      out.push('drone');
      break;
  }
  if (shot.weather === 'rain' || shot.weather === 'storm') out.push('rain');
  if (staged.entities.some((e) => e.kind === 'suv' || e.kind === 'car' || e.kind === 'truck'))
    out.push('engine');
  return out;
}

/** How far a camera on the ground tilts up for a firework display, so the sky fills half the frame. */
const SKY_TILT = (14 * Math.PI) / 180;

/**
 * The camera tilted up by SKY_TILT (to at least that far above level, never past 35°), standing where
 * it stood: fireworks burst a few hundred metres up, above what an eye-level camera shows. A drone or
 * a deck already has the sky in view.
 */
function lookUpToSky(camera: StagedShot['camera']): StagedShot['camera'] {
  if (camera.viewpoint === 'drone' || camera.viewpoint === 'pov') return camera;
  const keyframes = camera.keyframes.map((k) => {
    const look = v(k.lookAt.x - k.position.x, k.lookAt.y - k.position.y, k.lookAt.z - k.position.z);
    const across = Math.hypot(look.x, look.z);
    const length = Math.hypot(across, look.y);
    if (across < 1e-6) return k;
    const pitch = Math.min(Math.max(Math.atan2(look.y, across) + SKY_TILT, SKY_TILT), (35 * Math.PI) / 180);
    const scaleXZ = (length * Math.cos(pitch)) / across;
    return {
      ...k,
      lookAt: v(
        round(k.position.x + look.x * scaleXZ),
        round(k.position.y + length * Math.sin(pitch)),
        round(k.position.z + look.z * scaleXZ),
      ),
    };
  });
  return { ...camera, keyframes };
}
