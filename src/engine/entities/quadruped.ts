/**
 * Dogs, cats, horses, lions, cows, sheep and goats: one 3D rig with per-species proportions, posed by a gait
 * driven by the distance travelled, projected through the camera and drawn as tapered tubes (any
 * camera angle works).
 *
 * Gait: each foot is in stance for a `duty` fraction of the cycle, moving backward relative to the
 * body by exactly the distance the body moves forward (so it stays put on the ground), then swings
 * forward. Walk, trot (diagonal pairs) and gallop differ in phase offsets and duty; which one is used
 * follows the Froude number of the planned speed, as in real animals. The head and tail lag the body.
 */
import { fillPolygon } from '../polygon.ts';
import type { Entity, Motion } from '../../plan/index.ts';
import { motionDistanceAt } from '../../plan/motion.ts';
import { clamp } from '../../lib/math.ts';
import { hashString } from '../../lib/random.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb, scaleRgb, type Rgb } from '../color.ts';
import type { Ctx, Drawable, FrameContext } from '../frame.ts';
import { fogAmount, shade, type Palette } from '../palette.ts';
import { add, cross, normalize, rotateY, scale, sub, type V3 } from '../vec.ts';
import type { View } from '../view.ts';
import {
  TURN_SEC,
  fallAngleAt,
  gaitSpeedAt,
  jumpAt,
  jumpAirtime,
  lieAt,
  rotateAbout,
  turnOffsetAt,
  turnStepDistance,
} from './actions.ts';
import { SEAT_HEIGHT } from './seat.ts';
import { stepClock } from './footfall.ts';
import { projectChain, strokeTube } from './chain.ts';
import { solveJoint } from './person.ts';

export type Species = 'dog' | 'cat' | 'horse' | 'lion' | 'cow' | 'sheep' | 'goat';

/** A point on a tube in the body's frame at scale 1: z forward of the body centre, y above the ground. */
interface Knot {
  z: number;
  y: number;
  r: number;
}

/** Proportions of one species at scale 1, in metres. */
interface Build {
  coat: string;
  /** Mane, tail and lower legs (a bay horse's black points); the coat colour when absent. */
  points?: string;
  /** A big cat's mane round the neck and head, and the tuft at its tail's tip. */
  mane?: string;
  /** The tuft at the tail's tip when there is no mane (a cow's switch). */
  tuft?: string;
  /** Head and ears in a colour of their own (a Hereford's white face, a Suffolk's black one). */
  face?: string;
  /** Horns from the top of the skull: curving out and up (a cow's), or swept back over the neck (a goat's). */
  horns?: { length: number; r: number; color: string; sweep?: 'out' | 'back' };
  /** A beard under the jaw, in this colour. */
  beard?: string;
  /** A fleece: the body's outline in woolly lumps. */
  fleece?: boolean;
  /** Hooves, not paws. */
  hooved?: boolean;
  /** Rump to brisket. */
  trunk: readonly Knot[];
  /** Leg roots (shoulder and hip joints) and half the distance between left and right feet. */
  shoulder: { z: number; y: number };
  hip: { z: number; y: number };
  halfTrack: number;
  /** Segment lengths: upper (humerus/femur), lower (forearm/shin), foot (cannon or metacarpus). */
  fore: readonly [number, number, number];
  hind: readonly [number, number, number];
  /** Tube radii at the root, the middle joint, the lowest joint and the foot. */
  foreR: readonly [number, number, number, number];
  hindR: readonly [number, number, number, number];
  /** Neck from the withers to the poll. */
  neck: readonly Knot[];
  /** Head length (poll to nose), skull and muzzle radii, and how far it points below horizontal. */
  head: { length: number; skull: number; muzzle: number; droop: number };
  ear: { kind: 'floppy' | 'pointed'; length: number; width: number };
  /** Tail length and radius at root and tip; lift is its angle above straight back, curl bends it further. */
  tail: { length: number; root: number; tip: number; lift: number; curl: number; wag: number; wagHz: number };
  /** Height a swinging foot clears, and a jump's apex. */
  stepLift: number;
  jump: number;
  breathHz: number;
}

export const SPECIES: Record<Species, Build> = {
  dog: {
    coat: '#a8743f',
    trunk: [
      { z: -0.28, y: 0.45, r: 0.1 },
      { z: -0.21, y: 0.45, r: 0.118 },
      { z: -0.04, y: 0.45, r: 0.115 },
      { z: 0.13, y: 0.43, r: 0.15 },
      { z: 0.25, y: 0.43, r: 0.125 },
    ],
    shoulder: { z: 0.2, y: 0.4 },
    hip: { z: -0.22, y: 0.43 },
    halfTrack: 0.075,
    fore: [0.16, 0.18, 0.08],
    hind: [0.19, 0.2, 0.12],
    foreR: [0.065, 0.04, 0.03, 0.031],
    hindR: [0.085, 0.047, 0.03, 0.031],
    neck: [
      { z: 0.18, y: 0.49, r: 0.09 },
      { z: 0.27, y: 0.57, r: 0.075 },
      { z: 0.31, y: 0.64, r: 0.07 },
    ],
    head: { length: 0.23, skull: 0.085, muzzle: 0.05, droop: 0.3 },
    ear: { kind: 'floppy', length: 0.1, width: 0.06 },
    tail: { length: 0.34, root: 0.028, tip: 0.012, lift: 0.55, curl: 0.5, wag: 0.55, wagHz: 1.6 },
    stepLift: 0.07,
    jump: 0.5,
    breathHz: 0.9,
  },
  cat: {
    // Ginger unless the prompt says otherwise: a grey-brown tabby all but vanished on grey asphalt.
    coat: '#b8733a',
    trunk: [
      { z: -0.17, y: 0.2, r: 0.062 },
      { z: -0.12, y: 0.205, r: 0.072 },
      { z: -0.02, y: 0.2, r: 0.068 },
      { z: 0.08, y: 0.195, r: 0.074 },
      { z: 0.14, y: 0.19, r: 0.06 },
    ],
    shoulder: { z: 0.11, y: 0.17 },
    hip: { z: -0.13, y: 0.19 },
    halfTrack: 0.04,
    fore: [0.08, 0.085, 0.035],
    hind: [0.09, 0.095, 0.06],
    foreR: [0.03, 0.018, 0.014, 0.016],
    hindR: [0.042, 0.021, 0.014, 0.016],
    neck: [
      { z: 0.12, y: 0.22, r: 0.05 },
      { z: 0.17, y: 0.265, r: 0.046 },
    ],
    head: { length: 0.08, skull: 0.054, muzzle: 0.03, droop: 0.1 },
    ear: { kind: 'pointed', length: 0.06, width: 0.045 },
    tail: { length: 0.28, root: 0.021, tip: 0.016, lift: 0.95, curl: 1.0, wag: 0.3, wagHz: 0.35 },
    stepLift: 0.035,
    jump: 0.6,
    breathHz: 0.5,
  },
  horse: {
    coat: '#6e3f22',
    points: '#1b1411',
    trunk: [
      { z: -0.78, y: 1.27, r: 0.24 },
      { z: -0.62, y: 1.28, r: 0.31 },
      { z: -0.15, y: 1.24, r: 0.33 },
      { z: 0.38, y: 1.27, r: 0.33 },
      { z: 0.62, y: 1.25, r: 0.26 },
    ],
    shoulder: { z: 0.52, y: 1.12 },
    hip: { z: -0.62, y: 1.2 },
    halfTrack: 0.2,
    fore: [0.34, 0.4, 0.38],
    hind: [0.45, 0.46, 0.42],
    foreR: [0.14, 0.085, 0.05, 0.055],
    hindR: [0.18, 0.095, 0.05, 0.055],
    neck: [
      { z: 0.5, y: 1.42, r: 0.22 },
      { z: 0.7, y: 1.66, r: 0.16 },
      { z: 0.88, y: 1.9, r: 0.12 },
    ],
    head: { length: 0.6, skull: 0.11, muzzle: 0.075, droop: 1.0 },
    ear: { kind: 'pointed', length: 0.15, width: 0.06 },
    tail: { length: 0.8, root: 0.06, tip: 0.11, lift: -0.35, curl: -1.0, wag: 0.18, wagHz: 0.3 },
    stepLift: 0.16,
    jump: 0.8,
    breathHz: 0.25,
  },
  lion: {
    // Tawny, with a darker mane: a male, the lion everyone pictures.
    coat: '#c4914f',
    mane: '#6a4220',
    trunk: [
      { z: -0.72, y: 0.78, r: 0.22 },
      { z: -0.55, y: 0.8, r: 0.27 },
      { z: -0.12, y: 0.78, r: 0.25 },
      { z: 0.32, y: 0.8, r: 0.31 },
      { z: 0.56, y: 0.8, r: 0.26 },
    ],
    shoulder: { z: 0.46, y: 0.72 },
    hip: { z: -0.56, y: 0.78 },
    halfTrack: 0.16,
    fore: [0.32, 0.32, 0.12],
    hind: [0.36, 0.36, 0.2],
    foreR: [0.15, 0.1, 0.075, 0.08],
    hindR: [0.19, 0.1, 0.065, 0.075],
    neck: [
      { z: 0.52, y: 0.88, r: 0.22 },
      { z: 0.7, y: 0.98, r: 0.19 },
    ],
    head: { length: 0.34, skull: 0.19, muzzle: 0.125, droop: 0.2 },
    ear: { kind: 'pointed', length: 0.06, width: 0.07 },
    tail: { length: 0.9, root: 0.05, tip: 0.03, lift: -1.1, curl: 1.6, wag: 0.25, wagHz: 0.3 },
    stepLift: 0.12,
    jump: 1.2,
    breathHz: 0.35,
  },
  cow: {
    // A Hereford: red-brown with a white face, which reads as a cow at any size.
    coat: '#7b4128',
    face: '#ece5d8',
    tuft: '#2a1a12',
    horns: { length: 0.2, r: 0.035, color: '#ddd2b8' },
    hooved: true,
    trunk: [
      { z: -0.8, y: 1.2, r: 0.28 },
      { z: -0.62, y: 1.22, r: 0.38 },
      { z: -0.1, y: 1.12, r: 0.45 },
      { z: 0.4, y: 1.13, r: 0.42 },
      { z: 0.62, y: 1.1, r: 0.32 },
    ],
    shoulder: { z: 0.5, y: 1.0 },
    hip: { z: -0.62, y: 1.12 },
    halfTrack: 0.2,
    fore: [0.32, 0.36, 0.4],
    hind: [0.42, 0.42, 0.38],
    foreR: [0.15, 0.08, 0.05, 0.058],
    hindR: [0.2, 0.09, 0.05, 0.058],
    // Carried low and forward, not raised like a horse's.
    neck: [
      { z: 0.55, y: 1.2, r: 0.26 },
      { z: 0.78, y: 1.19, r: 0.2 },
      { z: 0.92, y: 1.16, r: 0.16 },
    ],
    head: { length: 0.5, skull: 0.15, muzzle: 0.115, droop: 1.05 },
    ear: { kind: 'floppy', length: 0.13, width: 0.07 },
    tail: { length: 0.85, root: 0.04, tip: 0.022, lift: -1.35, curl: 0.1, wag: 0.2, wagHz: 0.4 },
    stepLift: 0.1,
    jump: 0.4,
    breathHz: 0.3,
  },
  sheep: {
    // White wool, a black face and legs (a Suffolk).
    coat: '#e6e0cf',
    points: '#2a2421',
    face: '#2a2421',
    fleece: true,
    hooved: true,
    trunk: [
      { z: -0.42, y: 0.62, r: 0.22 },
      { z: -0.32, y: 0.64, r: 0.29 },
      { z: -0.05, y: 0.64, r: 0.31 },
      { z: 0.2, y: 0.64, r: 0.3 },
      { z: 0.34, y: 0.62, r: 0.24 },
    ],
    shoulder: { z: 0.26, y: 0.5 },
    hip: { z: -0.3, y: 0.55 },
    halfTrack: 0.1,
    fore: [0.16, 0.18, 0.2],
    hind: [0.2, 0.2, 0.2],
    foreR: [0.07, 0.035, 0.025, 0.028],
    hindR: [0.09, 0.04, 0.025, 0.028],
    neck: [
      { z: 0.3, y: 0.7, r: 0.17 },
      { z: 0.42, y: 0.8, r: 0.13 },
    ],
    head: { length: 0.26, skull: 0.085, muzzle: 0.06, droop: 0.9 },
    ear: { kind: 'floppy', length: 0.09, width: 0.05 },
    tail: { length: 0.16, root: 0.05, tip: 0.04, lift: -1.2, curl: 0, wag: 0.15, wagHz: 0.6 },
    stepLift: 0.06,
    jump: 0.5,
    breathHz: 0.4,
  },
  goat: {
    // A lean brown goat with dark legs, horns swept back, a beard and a short tail held up: no
    // fleece, upright pointed ears and a head carried higher than a sheep's.
    coat: '#8b6a48',
    points: '#2e241c',
    beard: '#3a2e24',
    horns: { length: 0.3, r: 0.03, color: '#4a4036', sweep: 'back' },
    hooved: true,
    trunk: [
      { z: -0.4, y: 0.6, r: 0.16 },
      { z: -0.3, y: 0.61, r: 0.22 },
      { z: -0.05, y: 0.58, r: 0.25 },
      { z: 0.2, y: 0.6, r: 0.23 },
      { z: 0.33, y: 0.59, r: 0.17 },
    ],
    shoulder: { z: 0.26, y: 0.5 },
    hip: { z: -0.3, y: 0.54 },
    halfTrack: 0.09,
    fore: [0.15, 0.18, 0.18],
    hind: [0.19, 0.2, 0.18],
    foreR: [0.06, 0.03, 0.021, 0.024],
    hindR: [0.08, 0.034, 0.021, 0.024],
    neck: [
      { z: 0.3, y: 0.68, r: 0.11 },
      { z: 0.39, y: 0.82, r: 0.085 },
      { z: 0.43, y: 0.91, r: 0.075 },
    ],
    head: { length: 0.24, skull: 0.07, muzzle: 0.045, droop: 0.75 },
    ear: { kind: 'pointed', length: 0.1, width: 0.035 },
    tail: { length: 0.12, root: 0.03, tip: 0.02, lift: 1.0, curl: 0.3, wag: 0.3, wagHz: 1.2 },
    stepLift: 0.07,
    jump: 0.9,
    breathHz: 0.45,
  },
};

export type Gait = 'stand' | 'walk' | 'trot' | 'gallop';

interface GaitSpec {
  /** Phase of each foot's touchdown, in the order left fore, right fore, left hind, right hind. */
  offsets: readonly [number, number, number, number];
  duty: number;
}

const GAITS: Record<Exclude<Gait, 'stand'>, GaitSpec> = {
  // Lateral-sequence walk: LH, LF, RH, RF, three feet down most of the time.
  walk: { offsets: [0.25, 0.75, 0, 0.5], duty: 0.66 },
  // Diagonal pairs move together, with a short moment of suspension between them.
  trot: { offsets: [0, 0.5, 0.5, 0], duty: 0.44 },
  // Transverse gallop: hind pair, then fore pair, then a gathered suspension.
  gallop: { offsets: [0.4, 0.5, 0, 0.1], duty: 0.3 },
};

const G = 9.81;
/** Hip height of a species at scale 1: the leg length that sets its natural speeds. */
const legHeight = (b: Build): number => b.hip.y;

/** Motions that never move an animal along the ground by themselves. */
const IN_PLACE: readonly Motion['type'][] = ['idle', 'turn', 'fall', 'rise', 'lie', 'sit', 'dance'];
/** How long an animal takes to lie down, in seconds. */
const LIE_SEC = 1.2;

/**
 * The gait for a motion: walk below a Froude number of 0.5, gallop above 2.5 (Alexander's transitions).
 * Any motion that carries the animal along (a running jump, a `swim` the world moves) gets a gait, so
 * it never glides.
 */
export function gaitFor(species: Species, motion: Motion, scaleK: number): Gait {
  if (IN_PLACE.includes(motion.type) || motion.speed <= 0) return 'stand';
  const froude = motion.speed ** 2 / (G * legHeight(SPECIES[species]) * scaleK);
  if (froude > 2.5) return 'gallop';
  if (froude > 0.5 || motion.type === 'run') return 'trot';
  return 'walk';
}

/** Stride length (one full cycle) for a ground speed: relative stride grows as speed^0.6 (Alexander & Jayes). */
export function quadrupedStride(species: Species, speed: number, scaleK: number): number {
  const h = legHeight(SPECIES[species]) * scaleK;
  const v = Math.max(0.3, speed / Math.sqrt(G * h));
  return h * 2.3 * v ** 0.6;
}

export interface Leg {
  fore: boolean;
  /** −1 left, +1 right. */
  side: -1 | 1;
  /** Root (shoulder or hip), middle joint (elbow or stifle), lowest joint (carpus or hock), foot, toe. */
  joints: [V3, V3, V3, V3, V3];
  stance: boolean;
}

export interface QuadrupedRig {
  species: Species;
  build: Build;
  k: number;
  heading: number;
  ground: V3;
  centre: V3;
  trunk: V3[];
  trunkR: number[];
  neck: V3[];
  neckR: number[];
  /** Skull to nose. */
  head: V3[];
  headR: number[];
  ears: [V3, V3, V3][];
  /** Root, bend and tip of each horn; empty without horns. */
  horns: V3[][];
  /** Root, middle and tip of the beard; empty without one. */
  beard: V3[];
  eyes: [V3, V3];
  nose: V3;
  tail: V3[];
  tailR: number[];
  legs: Leg[];
  /** Height of the body above its standing height (a jump). */
  airborne: number;
}

export function speciesOf(entity: Entity): Species {
  const { kind } = entity;
  return kind === 'cat' ||
    kind === 'horse' ||
    kind === 'lion' ||
    kind === 'cow' ||
    kind === 'sheep' ||
    kind === 'goat'
    ? kind
    : 'dog';
}

const smooth = (x: number): number => x * x * (3 - 2 * x);

/** The rig in world space at shot-local time t. */
export function quadrupedRig(entity: Entity, placed: Pose, t: number): QuadrupedRig {
  const species = speciesOf(entity);
  const b = SPECIES[species];
  const k = entity.traits.scale;
  const motion = entity.motion;
  const heading = placed.heading + turnOffsetAt(motion, t);
  const jump = jumpAt(motion, t, b.jump * k);
  const airtime = jumpAirtime(b.jump * k);
  const flight = jump.airborne ? clamp((t - motion.start) / airtime, 0, 1) : 0;
  // Lying on a sofa or a bed, its top is the ground (entities/index.ts draws the furniture).
  const onTop = motion.type === 'lie' ? SEAT_HEIGHT[motion.seat ?? 'ground'] : 0;
  const ground = onTop === 0 ? placed.position : add(placed.position, { x: 0, y: onTop, z: 0 });
  // A stable per-animal offset so a pack does not move in lockstep.
  const seed = (hashString(entity.id) % 1000) / 1000;

  // Gait phase from distance travelled (or, turning on the spot, from the steps round the turn).
  const gait = gaitFor(species, motion, k);
  const turning = motion.type === 'turn' ? clamp((t - motion.start) / TURN_SEC, 0, 1) : 0;
  const spec = GAITS[gait === 'stand' ? 'walk' : gait];
  const stride = quadrupedStride(
    species,
    gait === 'stand' ? 0.6 * Math.sqrt(G * legHeight(b) * k) : motion.speed,
    k,
  );
  const distance =
    gait !== 'stand' ? motionDistanceAt(motion, t) : turnStepDistance(motion, t, b.hip.z * -0.8 * k);
  // Walking gaits plant their feet by the step clock (footfall.ts), so they never slide as the animal
  // speeds up or slows down; the turn on the spot keeps its own short steps.
  const clock = gait !== 'stand' ? stepClock(motion, stride, spec.duty, seed) : undefined;
  const phase = clock ? clock.phaseAt(t) : distance / stride + seed;
  // Below 30% of the planned speed the legs blend toward a standing pose; above it feet never slide.
  const speed = gaitSpeedAt(motion, t);
  const moving =
    gait !== 'stand' ? clamp(speed / Math.max(0.05, 0.3 * motion.speed), 0, 1) : Math.sin(Math.PI * turning);

  const h = legHeight(b);
  const cyc = 2 * Math.PI * phase;
  let bob = 0;
  let pitch = 0;
  let flex = 0;
  let nod = 0;
  if (gait === 'walk' || gait === 'stand') {
    bob = -0.012 * h * Math.cos(2 * cyc);
    nod = (species === 'horse' ? 0.06 : 0.02) * Math.sin(2 * cyc - 1);
  } else if (gait === 'trot') {
    bob = -0.03 * h * Math.cos(2 * cyc);
    nod = 0.015 * Math.sin(2 * cyc - 1);
  } else {
    // The gallop rocks: forehand up as the hind legs drive, down onto the fore legs, spine flexing.
    bob = 0.05 * h * Math.cos(cyc - 2 * Math.PI * 0.9);
    pitch = 0.09 * Math.sin(cyc);
    flex = 0.06 * Math.sin(cyc + 0.6);
    nod = -0.12 * Math.sin(cyc - 0.7);
  }
  bob *= moving;
  pitch *= moving;
  flex *= moving;
  nod *= moving;

  // Lying down (to rest or sleep): the body settles onto its belly, the fore legs stretch out in front,
  // the hind legs fold under, and the head sinks; at once when the shot opens that way.
  const lie = lieAt(motion, t, LIE_SEC);
  // Idle life: breathing, a slow look round (not while lying), weight shifts.
  const still = 1 - moving;
  const breath = still * 0.025 * Math.sin(2 * Math.PI * b.breathHz * (1 - 0.4 * lie) * t + seed * 6);
  const look =
    still * (1 - lie) * (0.35 * Math.sin(0.37 * t + seed * 9) + 0.12 * Math.sin(1.13 * t + seed * 4));
  const lookDown = still * 0.08 * Math.sin(0.23 * t + seed * 5);

  // Jump: crouch on the hind legs, then the body pitches nose-up on take-off and nose-down to land.
  const crouch = jump.crouch * 0.22 * h;
  if (jump.airborne) pitch += 0.3 * (0.5 - flight) * 2;
  else pitch += jump.crouch * 0.08;

  const forward = rotateY({ x: 0, y: 0, z: 1 }, heading);
  const up = { x: 0, y: 1, z: 0 };
  const lift = jump.height;
  const groundLocal = (x: number, y: number, z: number): V3 =>
    add(ground, rotateY({ x: x * k, y: y * k, z: z * k }, heading));
  const centreY = (b.hip.y + b.shoulder.y) / 2;
  const lying = lie * (centreY - Math.max(...b.trunk.map((n) => n.r)) * 0.95);
  /** A point carried by the body: spine flex, pitch about the body centre, bob, crouch and jump height. */
  const body = (x: number, y: number, z: number): V3 => {
    const zz = z * (1 + flex * Math.sign(z));
    const dy = y - centreY;
    const c = Math.cos(pitch);
    const s = Math.sin(pitch);
    const py = centreY + dy * c + zz * s;
    const pz = zz * c - dy * s;
    // The crouch sinks the hindquarters more than the shoulders.
    const sink = crouch * (z < 0 ? 1 : 0.5);
    return add(groundLocal(x, py + bob - sink - lying, pz), { x: 0, y: lift, z: 0 });
  };

  const trunk = b.trunk.map((n) => body(0, n.y, n.z));
  const trunkR = b.trunk.map((n, i) => n.r * k * (1 + (i === 3 ? breath : breath * 0.4)));

  // Legs.
  const legs: Leg[] = [];
  for (let i = 0; i < 4; i++) {
    const fore = i < 2;
    const side = i % 2 === 0 ? -1 : 1;
    const seg = fore ? b.fore : b.hind;
    const rootSpec = fore ? b.shoulder : b.hip;
    const root = body(side * b.halfTrack, rootSpec.y, rootSpec.z);
    const p = (((phase + spec.offsets[i]!) % 1) + 1) % 1;
    const step = clock?.foot(spec.offsets[i]!, t);
    const stance = step ? step.stance : p < spec.duty;
    let fwd: number;
    let footLift = 0;
    let swing = 0;
    if (stance) {
      fwd = step ? step.forward : (spec.duty / 2 - p) * stride;
    } else {
      swing = step ? step.swing : (p - spec.duty) / (1 - spec.duty);
      fwd = step ? step.forward : (-spec.duty / 2 + smooth(swing) * spec.duty) * stride;
      footLift =
        Math.sin(swing * Math.PI) *
        (b.stepLift + (gait === 'gallop' ? 0.5 : gait === 'trot' ? 0.25 : 0) * b.stepLift) *
        k;
    }
    // Feet stand a little behind the hip and under the shoulder; a turn's steps are short ones.
    const neutralZ = fore ? b.shoulder.z + 0.02 : b.hip.z - 0.03;
    let footZ = neutralZ * k + (step ? fwd : fwd * moving * (turning > 0 ? 0.35 : 1));
    let footY = b.foreR[3] * k + footLift * moving;
    // In the air the legs fold: fore feet tucked up under the chest, hind feet trailing then tucked.
    if (jump.tuck > 0) {
      footY += jump.tuck * (fore ? 0.55 : 0.4) * h * k;
      footZ += jump.tuck * (fore ? -0.1 : flight < 0.5 ? -0.25 : 0.05) * h * k;
    }
    // Lying, the paws rest on the ground: the fore ones out in front of the chest, the hind ones
    // forward under the belly with the hocks splayed out beside the hips.
    const lyingZ = fore ? b.shoulder.z + (seg[1] + seg[2]) * 0.9 : b.hip.z + seg[2] * 0.95;
    footZ += lie * (lyingZ * k - footZ);
    const footX = side * b.halfTrack * k * (1 + lie * (fore ? 0 : 0.7));
    const foot = add(ground, rotateY({ x: footX, y: footY + lift, z: footZ }, heading));
    // The lowest segment stands near vertical in stance and folds back through the swing; lying, it
    // lies flat behind the paw.
    const fold = Math.sin(swing * Math.PI) * moving + jump.tuck;
    const standing = fore ? -0.12 + 1.5 * fold : -0.4 - 0.45 * fold;
    const angle = standing + lie * (-Math.PI / 2 - standing);
    const lowDir = add(scale(up, Math.cos(angle)), scale(forward, Math.sin(angle)));
    const low = add(foot, scale(lowDir, seg[2] * k));
    const mid = solveJoint(root, low, seg[0] * k, seg[1] * k, fore ? scale(forward, -1) : forward);
    const toe = add(foot, scale(forward, (b.hooved ? 0.05 : 0.045) * k));
    legs.push({
      fore,
      side,
      joints: [root, mid, low, foot, toe],
      stance: (stance || moving === 0) && !jump.airborne,
    });
  }

  // Neck and head, lagging the body: the head settles a beat after each bob.
  const neck = b.neck.map((n, i) => {
    const f = i / (b.neck.length - 1);
    return add(body(0, n.y, n.z), { x: 0, y: (nod * 0.3 - lookDown * 0.5) * f * k, z: 0 });
  });
  const neckR = b.neck.map((n) => n.r * k);
  const poll = neck[neck.length - 1]!;
  const yaw = look;
  const droop = b.head.droop + nod + lookDown - pitch * 0.5 + jump.crouch * 0.1 + lie * 0.35;
  const headHeading = heading + yaw;
  const dir = rotateY({ x: 0, y: -Math.sin(droop), z: Math.cos(droop) }, headHeading);
  const headRight = rotateY({ x: 1, y: 0, z: 0 }, headHeading);
  const headUp = cross(dir, headRight);
  const L = b.head.length * k;
  const at = (along: number, upward: number, across = 0) =>
    add(add(add(poll, scale(dir, along * L)), scale(headUp, upward * k)), scale(headRight, across * k));
  const sk = b.head.skull;
  const mz = b.head.muzzle;
  const head = [at(-0.12, sk * 0.3), at(0.2, sk * 0.25), at(0.55, (sk - mz) * 0.2), at(1, 0)];
  const headR = [sk * 0.85, sk, mz * 1.15, mz].map((r) => r * k);
  // Each ear is two triangles sharing its tip, one across the head and one along it, so it reads
  // from the side as well as from the front.
  const ears: [V3, V3, V3][] = [];
  for (const s of [-1, 1]) {
    const eb = b.ear;
    const spread = eb.width / sk;
    if (eb.kind === 'pointed') {
      const tip = add(
        at(0.05, sk * 0.8 + eb.length, s * sk * (0.35 + spread * 0.45)),
        scale(dir, -eb.length * 0.2 * k),
      );
      ears.push([at(0.1, sk * 0.9, s * sk * 0.15), at(0.12, sk * 0.6, s * sk * (0.35 + spread)), tip]);
      ears.push([at(0.22, sk * 0.8, s * sk * 0.45), at(-0.05, sk * 0.85, s * sk * 0.45), tip]);
    } else {
      // Floppy ears hang from the top of the skull and swing out a little with the gait.
      const flap = 0.3 + 0.12 * moving * Math.sin(2 * cyc - 0.8);
      const tip = at(0.12, sk * 0.5 - eb.length, s * (sk + eb.length * flap));
      ears.push([at(0.0, sk * 0.6, s * sk * 0.6), at(0.22, sk * 0.55, s * sk * 0.75), tip]);
      ears.push([at(0.05, sk * 0.75, s * sk * 0.4), at(0.18, sk * 0.7, s * sk * 0.6), tip]);
    }
  }
  const horns = b.horns
    ? [-1, 1].map((s) => {
        const h = b.horns!.length;
        // Along the head in head lengths, up and across in metres (at scale 1).
        return b.horns!.sweep === 'back'
          ? [
              // Up off the skull, then back over the neck: "up" here leans forward with the head.
              at(0.05, sk * 0.8, s * sk * 0.3),
              at(-(h * 0.55) / b.head.length, sk * 0.8 + h * 0.15, s * sk * 0.45),
              at(-(h * 1.05) / b.head.length, sk * 0.8 - h * 0.2, s * sk * 0.65),
            ]
          : [
              at(-0.04, sk * 0.7, s * sk * 0.55),
              at(-0.04, sk * 0.75 + h * 0.25, s * (sk * 0.55 + h * 0.6)),
              at(0.06, sk * 0.75 + h * 0.8, s * (sk * 0.55 + h * 0.75)),
            ];
      })
    : [];
  // A beard hangs from under the jaw, behind the muzzle.
  const beard = b.beard ? [at(0.7, -mz * 0.8), at(0.66, -mz * 0.8 - 0.06), at(0.6, -mz * 0.8 - 0.11)] : [];
  const eyes: [V3, V3] = [at(0.32, sk * 0.45, -sk * 0.62), at(0.32, sk * 0.45, sk * 0.62)];
  const nose = at(1.02, mz * 0.35);

  // Tail: a chain bending from the root, swaying as a wave that travels to the tip (follow-through).
  const tb = b.tail;
  const tailRoot = body(0, b.trunk[0]!.y + b.trunk[0]!.r * 0.55, b.trunk[0]!.z + 0.01);
  const n = 8;
  const tail: V3[] = [tailRoot];
  const tailR: number[] = [tb.root * k];
  const segLen = (tb.length / n) * k;
  const wagRate = 2 * Math.PI * tb.wagHz;
  let pos = tailRoot;
  for (let i = 1; i <= n; i++) {
    const f = i / n;
    // Carried lower on the move, streaming back behind a galloping body.
    // Lying, the tail rests along the ground, its tip curled round a little.
    const elev =
      ((tb.lift + tb.curl * f * f) * (1 - moving * (tb.lift > 0 ? 0.45 : gait === 'gallop' ? 0.75 : 0.25)) -
        pitch +
        bob * 3 * (species === 'horse' ? 0 : 1)) *
        (1 - lie) -
      lie * 0.1;
    const sway =
      still * tb.wag * Math.sin(wagRate * t - f * 1.6 + seed * 7) * f +
      moving * 0.12 * Math.sin(cyc - f * 1.8) * f +
      // Swinging back on the jump and flicked up on landing.
      jump.tuck * 0.4 * f;
    const local = {
      x: Math.sin(sway) * Math.cos(elev),
      y: Math.sin(elev),
      z: -Math.cos(sway) * Math.cos(elev),
    };
    pos = add(pos, scale(rotateY(local, heading), segLen));
    tail.push(pos);
    tailR.push((tb.root + (tb.tip - tb.root) * f) * k);
  }

  const rig: QuadrupedRig = {
    species,
    build: b,
    k,
    heading,
    ground,
    centre: body(0, centreY, (b.hip.z + b.shoulder.z) / 2),
    trunk,
    trunkR,
    neck,
    neckR,
    head,
    headR,
    ears,
    horns,
    beard,
    eyes,
    nose,
    tail,
    tailR,
    legs,
    airborne: lift,
  };
  const fall = fallAngleAt(motion, t, b.shoulder.y * k);
  return fall === 0 ? rig : topple(rig, fall);
}

/** Rolls the rig onto its left side about the line through its left feet, settling onto its flank. */
function topple(rig: QuadrupedRig, angle: number): QuadrupedRig {
  const axis = rotateY({ x: 0, y: 0, z: 1 }, rig.heading);
  const b = rig.build;
  const pivot = add(rig.ground, rotateY({ x: -b.halfTrack * rig.k, y: 0, z: 0 }, rig.heading));
  // Lying down, the trunk's radius, not the foot line, rests on the ground.
  const settle = (angle / (Math.PI / 2)) * Math.max(0, b.trunk[3]!.r - b.halfTrack) * rig.k;
  const f = (p: V3) => add(rotateAbout(p, pivot, axis, angle), { x: 0, y: settle, z: 0 });
  const m = (ps: V3[]) => ps.map(f);
  return {
    ...rig,
    centre: f(rig.centre),
    trunk: m(rig.trunk),
    neck: m(rig.neck),
    head: m(rig.head),
    ears: rig.ears.map((e) => [f(e[0]), f(e[1]), f(e[2])] as [V3, V3, V3]),
    horns: rig.horns.map(m),
    beard: m(rig.beard),
    eyes: [f(rig.eyes[0]), f(rig.eyes[1])],
    nose: f(rig.nose),
    tail: m(rig.tail),
    legs: rig.legs.map((l) => ({ ...l, joints: l.joints.map(f) as Leg['joints'], stance: false })),
  };
}

export interface FootState {
  position: V3;
  stance: boolean;
}

/** World positions of the four feet (left fore, right fore, left hind, right hind) and whether each is planted. */
export function quadrupedFeet(entity: Entity, pose: Pose, t: number): FootState[] {
  return quadrupedRig(entity, pose, t).legs.map((l) => ({ position: l.joints[3], stance: l.stance }));
}

// --- drawing -----------------------------------------------------------------------------------

const NIGHT_TINT = hex('#3a3550');
const HOOF = hex('#2a2623');
const EYE = hex('#0c0b0a');
const CAT_NOSE = hex('#9a5a5a');
const LION_NOSE = hex('#6e4038');

/** A coat colour under this shot's light: ndl is how squarely the surface faces the key light. */
function tone(palette: Palette, c: Rgb, ndl: number, fog: number): string {
  const lit = palette.night
    ? mixRgb(scaleRgb(c, 0.5 + 0.4 * ndl), NIGHT_TINT, 0.2)
    : shade(palette, c, ndl, 0);
  return css(mixRgb(lit, palette.fog, fog));
}

/** A chain resampled along a Catmull-Rom curve: bodies and tails read as one smooth form, not beads. */
function smoothChain(
  pts: readonly V3[],
  radii: readonly number[],
  steps = 3,
): { pts: V3[]; radii: number[] } {
  if (pts.length < 3) return { pts: [...pts], radii: [...radii] };
  const outP: V3[] = [];
  const outR: number[] = [];
  const cr = (a: number, b: number, c: number, d: number, s: number) =>
    0.5 * (2 * b + (-a + c) * s + (2 * a - 5 * b + 4 * c - d) * s * s + (-a + 3 * b - 3 * c + d) * s * s * s);
  for (let i = 0; i + 1 < pts.length; i++) {
    const p0 = pts[Math.max(0, i - 1)]!;
    const p1 = pts[i]!;
    const p2 = pts[i + 1]!;
    const p3 = pts[Math.min(pts.length - 1, i + 2)]!;
    for (let j = 0; j < steps; j++) {
      const s = j / steps;
      outP.push({
        x: cr(p0.x, p1.x, p2.x, p3.x, s),
        y: cr(p0.y, p1.y, p2.y, p3.y, s),
        z: cr(p0.z, p1.z, p2.z, p3.z, s),
      });
      outR.push(radii[i]! + (radii[i + 1]! - radii[i]!) * s);
    }
  }
  outP.push(pts[pts.length - 1]!);
  outR.push(radii[radii.length - 1]!);
  return { pts: outP, radii: outR };
}

function tube(
  ctx: Ctx,
  view: View,
  pts: readonly V3[],
  radii: readonly number[],
  color: string,
  width = 1,
  offset?: { x: number; y: number },
): void {
  ctx.strokeStyle = color;
  strokeTube(ctx, projectChain(view, pts, radii), width, offset);
}

export function quadrupedDrawables(fc: FrameContext, entity: Entity, pose: Pose): Drawable[] {
  const rig = quadrupedRig(entity, pose, fc.t);
  const depth = fc.view.depthOf(rig.centre);
  if (depth < 0.3) return [];
  return [{ depth, draw: (f) => drawQuadruped(f, entity, rig) }];
}

function drawQuadruped({ ctx, view, palette }: FrameContext, entity: Entity, rig: QuadrupedRig): void {
  const b = rig.build;
  const k = rig.k;
  const fog = fogAmount(palette, view.depthOf(rig.centre));
  const coat = hex(entity.traits.color ?? b.coat);
  const points = hex(entity.traits.secondaryColor ?? b.points ?? entity.traits.color ?? b.coat);
  // Top-lit tubes: a shadow-side base with a lit band offset toward the light, which models the volume.
  const topNdl = 0.35 + 0.65 * Math.max(0, palette.sunDir.y);
  const coatDark = tone(palette, coat, 0.05, fog);
  const coatLit = tone(palette, coat, topNdl, fog);
  const coatMid = tone(palette, coat, topNdl * 0.55, fog);
  const farDark = tone(palette, scaleRgb(coat, 0.72), 0.05, fog);
  const farMid = tone(palette, scaleRgb(coat, 0.72), topNdl * 0.45, fog);
  const farLit = tone(palette, scaleRgb(coat, 0.72), topNdl * 0.8, fog);
  const pointsDark = tone(palette, points, 0.05, fog);
  const pointsLit = tone(palette, points, topNdl * 0.7, fog);
  const mane = b.mane ? hex(entity.traits.secondaryColor ?? b.mane) : undefined;
  const maneDark = mane && tone(palette, mane, 0.05, fog);
  const maneMid = mane && tone(palette, mane, topNdl * 0.5, fog);
  const maneLit = mane && tone(palette, mane, topNdl * 0.8, fog);
  const hoof = tone(palette, HOOF, 0.2, fog);
  const face = b.face ? hex(b.face) : coat;
  const faceDark = b.face ? tone(palette, face, 0.05, fog) : coatDark;
  const faceMid = b.face ? tone(palette, face, topNdl * 0.55, fog) : coatMid;
  const faceLit = b.face ? tone(palette, face, topNdl, fog) : coatLit;
  const tuft = b.tuft ?? b.mane;
  const tuftDark = tuft && tone(palette, hex(tuft), 0.05, fog);
  const c = view.project(rig.centre);
  if (!c) return;
  const lightDir = (() => {
    // Screen direction of "up and toward the sun" at the body: where the lit band sits on each tube.
    const l = normalize({ x: palette.sunDir.x * 0.5, y: 1, z: palette.sunDir.z * 0.5 });
    const q = view.project(add(rig.centre, scale(l, 0.5)));
    if (!q) return { x: 0, y: -0.3 };
    const dx = q.x - c.x;
    const dy = q.y - c.y;
    const len = Math.hypot(dx, dy) || 1;
    return { x: dx / len, y: dy / len };
  })();
  const at = (f: number) => ({ x: lightDir.x * f, y: lightDir.y * f });
  // Three bands, each reaching the lit edge of the tube: shadow below, a mid tone, a lit crest.
  const shaded = (
    raw: readonly V3[],
    rawR: readonly number[],
    dark: string,
    mid: string,
    lit: string,
    smooth = true,
  ) => {
    const { pts, radii } = smooth ? smoothChain(raw, rawR) : { pts: raw, radii: rawR };
    tube(ctx, view, pts, radii, dark);
    tube(ctx, view, pts, radii, mid, 0.72, at(0.28));
    tube(ctx, view, pts, radii, lit, 0.4, at(0.6));
  };

  // Contact shadow: an ellipse on the ground under the body, fainter while in the air.
  const shadowPts: V3[] = [];
  const rx = (b.halfTrack + b.trunk[3]!.r) * 1.15 * k;
  const rz = ((b.shoulder.z - b.hip.z) / 2 + b.trunk[3]!.r) * 1.1 * k;
  const mid = rotateY({ x: 0, y: 0, z: ((b.shoulder.z + b.hip.z) / 2) * k }, rig.heading);
  for (let i = 0; i < 20; i++) {
    const a = (i / 20) * Math.PI * 2;
    shadowPts.push(
      add(add(rig.ground, mid), rotateY({ x: Math.cos(a) * rx, y: 0.015, z: Math.sin(a) * rz }, rig.heading)),
    );
  }
  const sp = shadowPts.map((p) => view.project(p));
  if (sp.every((p) => p)) {
    ctx.fillStyle = css(hex('#000000'), (0.32 * (1 - fog)) / (1 + (rig.airborne / k) * 3));
    ctx.beginPath();
    for (const p of sp) ctx.lineTo(p!.x, p!.y);
    ctx.closePath();
    ctx.fill();
  }

  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const bodyDepth = view.depthOf(rig.centre);
  const across = rotateY({ x: 1, y: 0, z: 0 }, rig.heading);
  const parts: { depth: number; draw: () => void }[] = [];

  for (const leg of rig.legs) {
    const [root, mid2, low, foot, toe] = leg.joints;
    // A leg sorts by its root pushed out to the body's surface, so near legs cover the body, far legs hide.
    const probe = add(root, scale(across, leg.side * b.trunk[3]!.r * k));
    const near = view.depthOf(probe) < bodyDepth;
    const radii = (leg.fore ? b.foreR : b.hindR).map((r) => r * k);
    parts.push({
      depth: view.depthOf(probe),
      draw: () => {
        const upperDark = near ? coatDark : farDark;
        // Near legs emerge from the body's side instead of showing a ball at the shoulder or hip.
        const from = near ? 0.4 : 0;
        const start = add(root, scale(sub(mid2, root), from));
        const startR = radii[0]! + (radii[1]! - radii[0]!) * from;
        shaded(
          [start, mid2, low],
          [startR, radii[1]!, radii[2]!],
          upperDark,
          near ? coatMid : farMid,
          near ? coatLit : farLit,
          false,
        );
        const lowDark = b.points ? pointsDark : upperDark;
        tube(ctx, view, [low, foot], [radii[2]!, radii[3]!], lowDark);
        // Paw or hoof.
        tube(ctx, view, [foot, toe], [radii[3]! * 1.05, radii[3]! * 0.9], b.hooved ? hoof : lowDark);
      },
    });
  }

  parts.push({
    depth: bodyDepth,
    draw: () => {
      shaded(rig.trunk, rig.trunkR, coatDark, coatMid, coatLit);
      if (b.fleece) drawFleece(ctx, view, rig, coatMid, coatLit, lightDir);
    },
  });

  // The head and neck sort by the head, but never behind the body unless the head really is farther away.
  const headDepth = view.depthOf(rig.head[1]!);
  const chestDepth = view.depthOf(rig.trunk[3]!);
  const headBehind = headDepth > chestDepth + rig.trunkR[3]! * 0.5;
  parts.push({
    depth: headBehind ? headDepth : Math.min(headDepth, bodyDepth - 1e-3),
    draw: () => {
      shaded(rig.neck, rig.neckR, coatDark, coatMid, coatLit);
      if (maneDark && maneMid && maneLit) {
        // A shaggy mass from the withers round the back of the head, wider than the skull, so that
        // head-on it frames the face and from the side it hides the neck.
        const withers = add(rig.trunk[4]!, { x: 0, y: rig.trunkR[4]! * 0.3, z: 0 });
        shaded(
          [withers, ...rig.neck, rig.head[0]!],
          [0.27, 0.32, 0.34, 0.3].map((r) => r * k),
          maneDark,
          maneMid,
          maneLit,
        );
      }
      if (rig.species === 'horse') {
        // Mane along the crest of the neck, and a forelock.
        // Mane along the back edge of the neck: offset perpendicular to it, up and back.
        const crest = rig.neck.map((p, i) => {
          const d = normalize(
            sub(
              rig.neck[Math.min(i + 1, rig.neck.length - 1)]!,
              rig.neck[Math.max(0, i - (i + 1 < rig.neck.length ? 0 : 1))]!,
            ),
          );
          return add(p, scale(normalize(cross(d, across)), rig.neckR[i]! * 0.85));
        });
        tube(
          ctx,
          view,
          [add(rig.trunk[3]!, { x: 0, y: rig.trunkR[3]! * 0.8, z: 0 }), ...crest, rig.head[0]!],
          [0.05, 0.07, 0.07, 0.06, 0.04].map((r) => r * k),
          pointsDark,
        );
      }
      // The far ear behind the head, the near one in front of it.
      const farEar = view.depthOf(rig.ears[0]![2]) > view.depthOf(rig.ears[2]![2]) ? 0 : 2;
      const earDark = tone(palette, scaleRgb(face, b.ear.kind === 'floppy' ? 0.6 : 0.8), 0.1, fog);
      const earLit =
        b.ear.kind === 'floppy' ? tone(palette, scaleRgb(face, 0.7), topNdl * 0.6, fog) : faceMid;
      fillPolygon(ctx, view, rig.ears[farEar]!, earDark);
      fillPolygon(ctx, view, rig.ears[farEar + 1]!, earDark);
      shaded(rig.head, rig.headR, faceDark, faceMid, faceLit);
      fillPolygon(ctx, view, rig.ears[2 - farEar]!, earLit);
      fillPolygon(ctx, view, rig.ears[3 - farEar]!, earLit);
      if (b.horns) {
        const horn = tone(palette, hex(b.horns.color), topNdl * 0.8, fog);
        const r = b.horns.r * k;
        for (const h of rig.horns) tube(ctx, view, h, [r, r * 0.75, r * 0.3], horn);
      }
      if (b.beard && rig.beard.length > 0) {
        tube(
          ctx,
          view,
          rig.beard,
          [0.022, 0.018, 0.006].map((r) => r * k),
          tone(palette, hex(b.beard), 0.1, fog),
        );
      }
      // Eyes on the side facing the camera, and the nose.
      const headC = view.depthOf(rig.head[1]!);
      for (const eye of rig.eyes) {
        if (view.depthOf(eye) > headC) continue;
        const e = view.project(eye);
        if (e) {
          ctx.fillStyle = css(mixRgb(EYE, palette.fog, fog));
          ctx.beginPath();
          ctx.arc(e.x, e.y, Math.max(0.6, b.head.skull * 0.2 * k * e.scale), 0, Math.PI * 2);
          ctx.fill();
        }
      }
      if (view.depthOf(rig.nose) < view.depthOf(rig.head[2]!) + b.head.muzzle * k) {
        const nz = view.project(rig.nose);
        if (nz) {
          const nose = rig.species === 'cat' ? CAT_NOSE : rig.species === 'lion' ? LION_NOSE : EYE;
          ctx.fillStyle = css(mixRgb(nose, palette.fog, fog));
          ctx.beginPath();
          ctx.arc(nz.x, nz.y, Math.max(0.6, b.head.muzzle * 0.45 * k * nz.scale), 0, Math.PI * 2);
          ctx.fill();
        }
      }
    },
  });

  const tailDepth = view.depthOf(rig.tail[rig.tail.length >> 1]!);
  const rumpDepth = view.depthOf(rig.trunk[0]!);
  parts.push({
    depth: tailDepth > rumpDepth ? tailDepth : Math.min(tailDepth, bodyDepth - 2e-3),
    draw: () => {
      if (rig.species === 'horse') shaded(rig.tail, rig.tailR, pointsDark, pointsDark, pointsLit);
      else shaded(rig.tail, rig.tailR, coatDark, coatMid, coatLit);
      if (tuftDark) {
        // The tuft at the tip.
        const tip = rig.tail[rig.tail.length - 1]!;
        const before = rig.tail[rig.tail.length - 2]!;
        tube(ctx, view, [before, tip], [b.tail.tip * 1.6 * k, b.tail.tip * 2.4 * k], tuftDark);
      }
    },
  });

  parts.sort((a, b2) => b2.depth - a.depth);
  for (const p of parts) p.draw();
}

/**
 * Wool: rounded lumps round the body's outline, lit on the side toward the light, so the silhouette
 * reads as a fleece rather than a smooth tube.
 */
function drawFleece(
  ctx: Ctx,
  view: View,
  rig: QuadrupedRig,
  mid: string,
  lit: string,
  light: { x: number; y: number },
): void {
  const LUMPS = 7;
  for (let i = 1; i < rig.trunk.length - 1; i++) {
    const c = view.project(rig.trunk[i]!);
    if (!c) continue;
    const r = rig.trunkR[i]! * c.scale;
    if (r < 1.5) continue;
    for (let j = 0; j < LUMPS; j++) {
      const a = ((j + (i % 2) * 0.5) / LUMPS) * Math.PI * 2;
      const x = c.x + Math.cos(a) * r * 0.78;
      const y = c.y + Math.sin(a) * r * 0.7;
      ctx.fillStyle = Math.cos(a) * light.x + Math.sin(a) * light.y > 0.2 ? lit : mid;
      ctx.beginPath();
      ctx.arc(x, y, r * 0.34, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}
