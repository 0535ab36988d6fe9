import { describe, expect, it } from 'vitest';
import { poseSkeleton } from '../src/engine/entities/person.ts';
import { quadrupedFeet } from '../src/engine/entities/quadruped.ts';
import { straightLinePose } from '../src/engine/worlds/placement.ts';
import type { V3 } from '../src/engine/vec.ts';
import { motionDistanceAt, parsePlan, type Entity } from '../src/plan/index.ts';

const FPS = 24;
const SECONDS = 4;
/** Planted feet may move this much between frames (metres): a tenth of a pixel on a 1080p close-up. */
const MAX_SLIDE_PER_FRAME = 0.002;
/** …and this much over a whole stance, touchdown to lift-off. */
const MAX_SLIDE_PER_STANCE = 0.005;

function walker(kind: string, motion: Record<string, unknown>, headingDeg = 35): Entity {
  return parsePlan({
    version: 1,
    seed: 1,
    output: { width: 480, height: 480, fps: FPS, durationSec: SECONDS },
    shots: [
      {
        id: 'a',
        start: 0,
        end: SECONDS,
        setting: 'city-street',
        camera: {
          viewpoint: 'static',
          move: 'static',
          keyframes: [{ t: 0, position: { x: 0, y: 1.6, z: 0 }, lookAt: { x: 0, y: 1, z: 10 } }],
        },
        entities: [
          { id: `${kind}-1`, kind, label: kind, position: { x: 0.4, y: 0, z: 6 }, headingDeg, motion },
        ],
      },
    ],
    provenance: { prompt: 'gait test' },
  }).shots[0]!.entities[0]!;
}

interface Foot {
  position: V3;
  planted: boolean;
}

/** A person's or robot's ankles; a foot is planted when its ankle is at standing height (no lift). */
function personFeet(e: Entity, t: number): Foot[] {
  const ankle = poseSkeleton(e, straightLinePose(e, t), t).ankle;
  return ankle.map((position) => ({ position, planted: position.y <= 0.08 * e.traits.scale + 1e-9 }));
}

function animalFeet(e: Entity, t: number): Foot[] {
  return quadrupedFeet(e, straightLinePose(e, t), t).map((f) => ({
    position: f.position,
    planted: f.stance,
  }));
}

const dist = (a: V3, b: V3) => Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);

/** Worst slide of a planted foot, per frame and per stance, and how many planted frame pairs there were. */
function measureSlide(feet: (t: number) => Foot[]) {
  const frames = Array.from({ length: SECONDS * FPS + 1 }, (_, f) => feet(f / FPS));
  let perFrame = 0;
  let perStance = 0;
  let planted = 0;
  let swingMax = 0;
  const n = frames[0]!.length;
  for (let i = 0; i < n; i++) {
    let touchdown: V3 | undefined;
    for (let f = 0; f < frames.length - 1; f++) {
      const a = frames[f]![i]!;
      const b = frames[f + 1]![i]!;
      if (a.planted && b.planted) {
        planted++;
        touchdown ??= a.position;
        perFrame = Math.max(perFrame, dist(a.position, b.position));
        perStance = Math.max(perStance, dist(touchdown, b.position));
      } else {
        touchdown = undefined;
        swingMax = Math.max(swingMax, dist(a.position, b.position));
      }
    }
  }
  return { perFrame, perStance, planted, swingMax };
}

const CASES = [
  { kind: 'person', motion: { type: 'walk', speed: 1.4 }, feet: personFeet },
  { kind: 'person', motion: { type: 'walk', speed: 1.4, start: 0.6, end: 3.2 }, feet: personFeet },
  { kind: 'person', motion: { type: 'run', speed: 3.6, start: 0.6, end: 3.2 }, feet: personFeet },
  { kind: 'robot', motion: { type: 'walk', speed: 1.2, start: 0.6, end: 3.2 }, feet: personFeet },
  { kind: 'dog', motion: { type: 'walk', speed: 1.6, start: 0.6, end: 3.2 }, feet: animalFeet },
  { kind: 'dog', motion: { type: 'run', speed: 2.6, start: 0.6 }, feet: animalFeet },
  { kind: 'dog', motion: { type: 'run', speed: 5.5, start: 0.6, end: 3.2 }, feet: animalFeet },
  { kind: 'horse', motion: { type: 'run', speed: 9, start: 0.6, end: 3.2 }, feet: animalFeet },
  { kind: 'cat', motion: { type: 'walk', speed: 1, start: 0.6, end: 3.2 }, feet: animalFeet },
  { kind: 'lion', motion: { type: 'run', speed: 11, start: 0.6, end: 3.2 }, feet: animalFeet },
  { kind: 'cow', motion: { type: 'walk', speed: 1.1, start: 0.6, end: 3.2 }, feet: animalFeet },
  { kind: 'sheep', motion: { type: 'run', speed: 5, start: 0.6, end: 3.2 }, feet: animalFeet },
  { kind: 'goat', motion: { type: 'run', speed: 6, start: 0.6, end: 3.2 }, feet: animalFeet },
] as const;

describe('foot slide of walking characters', () => {
  for (const c of CASES) {
    const ramps =
      'end' in c.motion
        ? ', speeding up from a standstill and slowing to a stop'
        : 'start' in c.motion
          ? ', speeding up from a standstill'
          : '';
    it(`a ${c.kind} (${c.motion.type} at ${c.motion.speed} m/s${ramps}) keeps planted feet still on the ground`, () => {
      const e = walker(c.kind, c.motion);
      const slide = measureSlide((t) => c.feet(e, t));
      expect(slide.perFrame, 'slide between frames, m').toBeLessThan(MAX_SLIDE_PER_FRAME);
      expect(slide.perStance, 'slide over a stance, m').toBeLessThan(MAX_SLIDE_PER_STANCE);
      // Not vacuous: the body really travels, feet really plant, and swinging feet really move.
      expect(motionDistanceAt(e.motion, SECONDS)).toBeGreaterThan(c.motion.speed * 1.5);
      expect(slide.planted).toBeGreaterThan(SECONDS * FPS * 0.5);
      expect(slide.swingMax).toBeGreaterThan(c.motion.speed / FPS);
    });
  }

  it('stands still before a walk starts and after it ends: no foot moves', () => {
    for (const [kind, feet] of [
      ['person', personFeet],
      ['dog', animalFeet],
    ] as const) {
      const e = walker(kind, { type: 'walk', speed: 1.4, start: 1, end: 2.5 });
      const still = (t0: number, t1: number) => {
        const a = feet(e, t0);
        const b = feet(e, t1);
        return Math.max(...a.map((f, i) => dist(f.position, b[i]!.position)));
      };
      expect(still(0, 0.95)).toBe(0);
      // (motionDistanceAt integrates in steps, so after the end the body itself wavers by ~0.3 mm.)
      expect(still(2.55, 3.9)).toBeLessThan(1e-3);
      // A person standing at the start has both feet down under the body.
      if (kind === 'person') {
        const standing = feet(e, 0.5);
        expect(standing.every((f) => f.planted)).toBe(true);
      }
    }
  });
});
