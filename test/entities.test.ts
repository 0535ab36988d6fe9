import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jumpAirtime, fallAngleAt, turnOffsetAt } from '../src/engine/entities/actions.ts';
import { DANCE_BEATS_PER_SEC, PERSON_JUMP_APEX, poseSkeleton } from '../src/engine/entities/person.ts';
import { SPECIES, gaitFor, quadrupedFeet, quadrupedRig } from '../src/engine/entities/quadruped.ts';
import { mountOf, seatRider } from '../src/engine/entities/riding.ts';
import { METRES_PER_CRANK_TURN, WHEEL_RADIUS, bicycleRig } from '../src/engine/entities/bicycle.ts';
import { vehicleShape, wheelAngleAt } from '../src/engine/entities/vehicle.ts';
import { Scene } from '../src/engine/index.ts';
import { View } from '../src/engine/view.ts';
import { straightLinePose } from '../src/engine/worlds/placement.ts';
import { motionDistanceAt, parsePlan, type Entity, type EntityKind } from '../src/plan/index.ts';

const W = 854;
const H = 480;
const CAMERA = { position: { x: 0, y: 1.6, z: 0 }, lookAt: { x: 0, y: 1, z: 10 }, fovDeg: 50 };
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

function entity(
  id: string,
  kind: EntityKind,
  at: [number, number, number],
  motion: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return { id, kind, label: id, position: { x: at[0], y: at[1], z: at[2] }, motion, ...extra };
}

/** A one-shot plan on the city street (flat ground at y = 0) seen by a static camera. */
function planWith(entities: unknown[], durationSec = 3) {
  return parsePlan({
    version: 1,
    seed: 1,
    output: { width: W, height: H, fps: 24, durationSec },
    shots: [
      {
        id: 'a',
        start: 0,
        end: durationSec,
        setting: 'city-street',
        camera: { viewpoint: 'static', move: 'static', keyframes: [{ t: 0, ...CAMERA }] },
        entities,
      },
    ],
    provenance: { prompt: 'entities test' },
  });
}

/** Screen rectangle around a world box, with a margin. */
function screenBox(min: [number, number, number], max: [number, number, number], margin = 8) {
  const view = new View(CAMERA.position, CAMERA.lookAt, CAMERA.fovDeg, W, H);
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const x of [min[0], max[0]])
    for (const y of [min[1], max[1]])
      for (const z of [min[2], max[2]]) {
        const p = view.project({ x, y, z })!;
        x0 = Math.min(x0, p.x);
        x1 = Math.max(x1, p.x);
        y0 = Math.min(y0, p.y);
        y1 = Math.max(y1, p.y);
      }
  return {
    x0: Math.max(0, Math.floor(x0 - margin)),
    y0: Math.max(0, Math.floor(y0 - margin)),
    x1: Math.min(W, Math.ceil(x1 + margin)),
    y1: Math.min(H, Math.ceil(y1 + margin)),
  };
}

/** Mean absolute difference inside a box, and the share of clearly changed pixels outside it. */
function compare(a: Uint8Array, b: Uint8Array, box: ReturnType<typeof screenBox>) {
  let inside = 0,
    insideN = 0,
    outsideChanged = 0,
    outsideN = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      const d =
        (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!)) / 3;
      if (x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1) {
        inside += d;
        insideN++;
      } else {
        outsideN++;
        if (d > 24) outsideChanged++;
      }
    }
  return { inside: inside / insideN, outside: outsideChanged / outsideN };
}

describe('new entity kinds', () => {
  const cases: {
    kind: EntityKind;
    at: [number, number, number];
    min: [number, number, number];
    max: [number, number, number];
    motion?: Record<string, unknown>;
    label?: string;
  }[] = [
    { kind: 'dog', at: [0, 0, 6], min: [-0.6, 0, 5.7], max: [0.6, 0.8, 6.3] },
    { kind: 'cat', at: [0.3, 0, 4], min: [-0.1, 0, 3.8], max: [0.7, 0.45, 4.2] },
    { kind: 'horse', at: [0, 0, 9], min: [-1.8, 0, 8.5], max: [1.8, 2.4, 9.5] },
    { kind: 'lion', at: [0, 0, 10], min: [-2.6, 0, 9.4], max: [1.5, 1.5, 10.6] },
    { kind: 'cow', at: [0, 0, 10], min: [-1.6, 0, 9.2], max: [1.9, 1.8, 10.8] },
    { kind: 'sheep', at: [0, 0, 5], min: [-0.8, 0, 4.5], max: [0.85, 1.0, 5.5] },
    { kind: 'goat', at: [0, 0, 5], min: [-0.75, 0, 4.5], max: [0.85, 1.25, 5.5] },
    { kind: 'robot', at: [0, 0, 6], min: [-0.6, 0, 5.6], max: [0.6, 2.0, 6.4] },
    { kind: 'bicycle', at: [0, 0, 6], min: [-0.9, 0, 5.75], max: [0.9, 1.05, 6.25] },
    { kind: 'truck', at: [0, 0, 16], min: [-4.2, 0, 14.6], max: [4.2, 3.8, 17.4], label: 'truck' },
    { kind: 'truck', at: [0, 0, 14], min: [-3.2, 0, 12.8], max: [3.2, 2.2, 15.2], label: 'pickup truck' },
    {
      kind: 'airplane',
      at: [0, 9, 30],
      min: [-6, 7.5, 24],
      max: [6, 12, 36],
      motion: { type: 'fly', speed: 0.001 },
    },
    {
      kind: 'hot-air-balloon',
      at: [0, 8, 90],
      min: [-9, 8, 81],
      max: [9, 33, 99],
      motion: { type: 'fly', speed: 0.001 },
    },
  ];
  for (const c of cases) {
    it(`draws the ${c.label ?? c.kind} where it stands and nowhere else`, () => {
      const e = entity('it', c.kind, c.at, c.motion ?? { type: 'idle' }, {
        headingDeg: 90,
        label: c.label ?? c.kind,
      });
      const without = new Scene(planWith([])).renderFrame(6);
      const withIt = new Scene(planWith([e])).renderFrame(6);
      const { inside, outside } = compare(without, withIt, screenBox(c.min, c.max));
      expect(inside, 'mean change where it stands').toBeGreaterThan(6);
      expect(outside, 'share of changed pixels elsewhere').toBeLessThan(0.002);
    });
  }

  it('renders deterministically: the same frames in any order give identical bytes', () => {
    const entities = [
      entity('dog', 'dog', [-2, 0, 6], { type: 'walk', speed: 1.2 }, { headingDeg: 90 }),
      entity('horse', 'horse', [3, 0, 14], { type: 'run', speed: 9 }, { headingDeg: -90 }),
      entity('cat', 'cat', [1, 0, 4], { type: 'jump', start: 0.8 }),
      entity('robot', 'robot', [-1, 0, 8], { type: 'walk', speed: 1.1 }, { headingDeg: 30 }),
      entity('truck', 'truck', [2, 0, 20], { type: 'drive', speed: 6 }, { headingDeg: 180 }),
      entity('plane', 'airplane', [-20, 15, 60], { type: 'fly', speed: 35 }, { headingDeg: 90 }),
      entity('faller', 'person', [-3, 0, 9], { type: 'fall', start: 0.5 }),
    ];
    const frames = [5, 21, 40];
    const a = new Scene(planWith(entities));
    const b = new Scene(planWith(structuredClone(entities)));
    const forward = frames.map((f) => md5(a.renderFrame(f)));
    const backward = [...frames]
      .reverse()
      .map((f) => md5(b.renderFrame(f)))
      .reverse();
    expect(backward).toEqual(forward);
    expect(new Set(forward).size).toBe(3);
  });
});

describe('quadruped gait', () => {
  const walker = (kind: EntityKind, speed: number, type = 'walk'): Entity =>
    planWith([entity('a', kind, [0, 0, 5], { type, speed }, { headingDeg: 35 })]).shots[0]!.entities[0]!;

  for (const [kind, speed, gait] of [
    ['dog', 1.2, 'walk'],
    ['dog', 2.6, 'trot'],
    ['horse', 12, 'gallop'],
    ['cat', 0.5, 'walk'],
    ['lion', 1.4, 'walk'],
    ['lion', 11, 'gallop'],
    ['cow', 1.1, 'walk'],
    ['cow', 6, 'gallop'],
    ['sheep', 1.0, 'walk'],
    ['sheep', 5, 'gallop'],
    ['goat', 1.1, 'walk'],
    ['goat', 6, 'gallop'],
  ] as const) {
    it(`a ${kind} at ${speed} m/s (${gait}) keeps its planted feet still on the ground`, () => {
      const e = walker(kind, speed);
      expect(gaitFor(kind, e.motion, 1)).toBe(gait);
      const feet = (t: number) => quadrupedFeet(e, straightLinePose(e, t), t);
      let planted = 0;
      let maxSwing = 0;
      for (let f = 0; f < 48; f++) {
        const [t0, t1] = [f / 24, (f + 1) / 24];
        const a = feet(t0);
        const b = feet(t1);
        for (let i = 0; i < 4; i++) {
          const d = Math.hypot(
            b[i]!.position.x - a[i]!.position.x,
            b[i]!.position.y - a[i]!.position.y,
            b[i]!.position.z - a[i]!.position.z,
          );
          if (a[i]!.stance && b[i]!.stance) {
            planted++;
            expect(d, `foot ${i} slid between frames ${f} and ${f + 1}`).toBeLessThan(0.02);
            expect(a[i]!.position.y).toBeCloseTo(SPECIES[kind].foreR[3], 6);
          } else maxSwing = Math.max(maxSwing, d);
        }
      }
      // Not vacuous: feet do plant, and swinging feet move faster than the body.
      expect(planted).toBeGreaterThan(30);
      expect(maxSwing).toBeGreaterThan(speed / 24);
    });
  }

  it("sweeps a goat's horns back over its neck, where a cow's stand out from its head", () => {
    const rigOf = (kind: EntityKind) => {
      const e = walker(kind, 0, 'idle');
      return quadrupedRig(e, straightLinePose(e, 1), 1);
    };
    // Heading 35°: forward is (sin, 0, cos) of it.
    const h = (35 * Math.PI) / 180;
    const forwardOf = (p: { x: number; z: number }) => p.x * Math.sin(h) + p.z * Math.cos(h);
    const goat = rigOf('goat');
    expect(goat.horns).toHaveLength(2);
    for (const [root, , tip] of goat.horns) {
      // Back past the horn's root and above the top of the skull.
      expect(forwardOf(tip!) - forwardOf(root!)).toBeLessThan(-0.12);
      expect(tip!.y).toBeGreaterThan(root!.y);
    }
    // A beard hangs below the jaw, under the head.
    expect(goat.beard.at(-1)!.y).toBeLessThan(goat.head[2]!.y - 0.05);
    const cow = rigOf('cow');
    for (const [root, , tip] of cow.horns) expect(forwardOf(tip!) - forwardOf(root!)).toBeGreaterThan(-0.05);
    expect(cow.beard).toEqual([]);
    expect(rigOf('sheep').horns).toEqual([]);
  });

  it('uses diagonal pairs in the trot', () => {
    const e = walker('dog', 2.6);
    for (let f = 0; f < 24; f++) {
      const [lf, rf, lh, rh] = quadrupedFeet(e, straightLinePose(e, f / 24), f / 24);
      expect(lf!.stance).toBe(rh!.stance);
      expect(rf!.stance).toBe(lh!.stance);
    }
  });

  it('breathes and looks round when idle, without moving its feet', () => {
    const e = planWith([entity('a', 'dog', [0, 0, 5], { type: 'idle' })]).shots[0]!.entities[0]!;
    const pose = straightLinePose(e, 0);
    const a = quadrupedRig(e, pose, 0.5);
    const b = quadrupedRig(e, pose, 1.7);
    expect(a.legs.map((l) => l.joints[3])).toEqual(b.legs.map((l) => l.joints[3]));
    expect(a.head[3]).not.toEqual(b.head[3]);
    expect(a.tail[8]).not.toEqual(b.tail[8]);
  });
});

describe('person gait', () => {
  it('a person walking from t = 0 is in stride on the first frame: no planted foot jumps to frame 1', () => {
    const e = planWith([entity('p', 'person', [0, 0, 5], { type: 'walk', speed: 1.4 })]).shots[0]!
      .entities[0]!;
    const ankles = (t: number) => poseSkeleton(e, straightLinePose(e, t), t).ankle;
    for (let f = 0; f < 24; f++) {
      const a = ankles(f / 24);
      const b = ankles((f + 1) / 24);
      const moved = [0, 1].map((i) => Math.hypot(b[i]!.x - a[i]!.x, b[i]!.y - a[i]!.y, b[i]!.z - a[i]!.z));
      // At least one foot is always in stance (60% duty), and that one stays put.
      expect(Math.min(...moved), `frame ${f}`).toBeLessThan(0.02);
    }
  });
});

describe('turn, jump and fall', () => {
  const at = (kind: EntityKind, motion: Record<string, unknown>) =>
    planWith([entity('a', kind, [0, 0, 5], motion)]).shots[0]!.entities[0]!;

  it('a jumping person rises and falls on a parabola that peaks halfway through the airtime', () => {
    const e = at('person', { type: 'jump', start: 1 });
    const pelvisY = (t: number) => poseSkeleton(e, straightLinePose(e, t), t).pelvis.y;
    const standing = pelvisY(3);
    const airtime = jumpAirtime(PERSON_JUMP_APEX);
    const h = (s: number) => pelvisY(1 + s * airtime) - standing;
    expect(h(0)).toBeCloseTo(0, 9);
    expect(h(1)).toBeCloseTo(0, 9);
    expect(h(0.5)).toBeCloseTo(PERSON_JUMP_APEX, 9);
    for (const s of [0.1, 0.25, 0.4]) {
      expect(h(s)).toBeCloseTo(h(1 - s), 9);
      expect(h(s)).toBeCloseTo(4 * PERSON_JUMP_APEX * s * (1 - s), 9);
      expect(h(s)).toBeLessThan(h(0.5));
    }
  });

  it('a jumping dog leaves the ground at motion.start and its body follows the same parabola', () => {
    const e = at('dog', { type: 'jump', start: 0.5 });
    const centreY = (t: number) => quadrupedRig(e, straightLinePose(e, t), t).centre.y;
    const standing = centreY(3);
    const apex = SPECIES.dog.jump;
    const airtime = jumpAirtime(apex);
    const samples = [0.1, 0.3, 0.5, 0.7, 0.9].map((s) => centreY(0.5 + s * airtime) - standing);
    samples.forEach((h, i) => {
      const s = [0.1, 0.3, 0.5, 0.7, 0.9][i]!;
      expect(Math.abs(h - 4 * apex * s * (1 - s))).toBeLessThan(0.02);
    });
    expect(Math.max(...samples)).toBe(samples[2]);
    // All four feet are off the ground in the air.
    const feet = quadrupedFeet(e, straightLinePose(e, 0.5 + airtime / 2), 0.5 + airtime / 2);
    for (const f of feet) expect(f.position.y).toBeGreaterThan(0.3);
  });

  it('turns 180° over a second after motion.start', () => {
    const motion = at('dog', { type: 'turn', start: 1 }).motion;
    expect(turnOffsetAt(motion, 0.9)).toBe(0);
    expect(turnOffsetAt(motion, 1.5)).toBeCloseTo(Math.PI / 2, 9);
    expect(turnOffsetAt(motion, 2.5)).toBeCloseTo(Math.PI, 9);
    const e = at('horse', { type: 'turn', start: 1 });
    const before = quadrupedRig(e, straightLinePose(e, 0.5), 0.5);
    const after = quadrupedRig(e, straightLinePose(e, 2.5), 2.5);
    // The head ends up on the other side of the body.
    expect(Math.sign(before.head[3]!.z - before.centre.z)).toBe(
      -Math.sign(after.head[3]!.z - after.centre.z),
    );
  });

  it('falls over under gravity, accelerating, and ends lying on the ground', () => {
    const motion = at('person', { type: 'fall', start: 0.5 }).motion;
    const angles = [0.5, 0.8, 1.1, 1.4].map((t) => fallAngleAt(motion, t, 1.6));
    expect(angles[0]).toBe(0);
    expect(angles[2]! - angles[1]!).toBeGreaterThan(angles[1]! - angles[0]! - 1e-9);
    expect(fallAngleAt(motion, 4, 1.6)).toBeCloseTo(Math.PI / 2, 6);
    const e = at('person', { type: 'fall', start: 0.5 });
    const lying = poseSkeleton(e, straightLinePose(e, 4), 4);
    expect(lying.head.y).toBeLessThan(0.35);
    const dog = at('dog', { type: 'fall', start: 0.2 });
    const down = quadrupedRig(dog, straightLinePose(dog, 3), 3);
    expect(down.centre.y).toBeLessThan(0.25);
  });

  it('a person lies down on their back, head away from where they faced, feet where they stood', () => {
    const e = at('person', { type: 'lie', start: 1 });
    const standing = poseSkeleton(e, straightLinePose(e, 0.5), 0.5);
    const down = poseSkeleton(e, straightLinePose(e, 3), 3);
    expect(standing.head.y).toBeGreaterThan(1.4);
    expect(down.head.y).toBeLessThan(0.35);
    expect(down.pelvis.y).toBeLessThan(0.35);
    // Laid back about the feet: the head ends up behind them, against the heading.
    const heading = straightLinePose(e, 3).heading;
    const ahead = (p: { x: number; z: number }) =>
      (p.x - down.ankle[0].x) * Math.sin(heading) + (p.z - down.ankle[0].z) * Math.cos(heading);
    expect(ahead(down.head)).toBeLessThan(-1.2);
    expect(Math.abs(down.ankle[0].y - standing.ankle[0].y)).toBeLessThan(0.15);
    // Half way down is half way: a smooth lie-down, not a drop.
    const mid = poseSkeleton(e, straightLinePose(e, 1.8), 1.8);
    expect(mid.head.y).toBeGreaterThan(down.head.y + 0.3);
    expect(mid.head.y).toBeLessThan(standing.head.y - 0.3);
  });

  it.each(['dog', 'cat', 'horse', 'lion', 'cow', 'sheep', 'goat'] as const)(
    'a %s lies down: onto its belly, paws on the ground, smoothly, and stays put',
    (kind) => {
      const e = at(kind, { type: 'lie', start: 1 });
      const rig = (t: number) => quadrupedRig(e, straightLinePose(e, t), t);
      const standing = rig(0.5).centre.y;
      const lying = rig(3).centre.y;
      // The body settles to about its own thickness above the ground.
      const thickest = Math.max(...SPECIES[kind].trunk.map((n) => n.r));
      expect(lying).toBeLessThan(standing * 0.7);
      expect(lying).toBeLessThan(thickest * 1.15);
      for (const foot of quadrupedFeet(e, straightLinePose(e, 3), 3)) {
        expect(foot.position.y, 'paw on the ground').toBeLessThan(thickest * 0.5);
      }
      // No jumps between frames on the way down, and nothing moves once it is down.
      for (let f = 24; f < 60; f++) {
        expect(Math.abs(rig((f + 1) / 24).centre.y - rig(f / 24).centre.y)).toBeLessThan(standing * 0.08);
      }
      expect(rig(3.5).centre).toEqual(rig(3).centre);
      expect(straightLinePose(e, 3).position).toEqual(straightLinePose(e, 0).position);
    },
  );
});

describe('vehicles', () => {
  it("turns a truck's wheels with the distance it drives, rolling without slipping", () => {
    const e = planWith([entity('t', 'truck', [0, 0, 10], { type: 'drive', speed: 8, start: 0.5 })]).shots[0]!
      .entities[0]!;
    const r = vehicleShape(e).wheelRadius;
    expect(wheelAngleAt(e, 0.4)).toBe(0);
    for (const [t0, t1] of [
      [0.6, 0.9],
      [1, 2],
      [2, 2.5],
    ] as const) {
      const turned = wheelAngleAt(e, t1) - wheelAngleAt(e, t0);
      const driven = motionDistanceAt(e.motion, t1) - motionDistanceAt(e.motion, t0);
      expect(turned).toBeGreaterThan(0);
      expect(turned).toBeCloseTo(driven / r, 9);
    }
  });

  it('draws a pickup for a truck named a pickup, and a box truck otherwise', () => {
    const [box, pickup] = planWith([
      entity('a', 'truck', [0, 0, 10], { type: 'idle' }, { label: 'lorry' }),
      entity('b', 'truck', [0, 0, 10], { type: 'idle' }, { label: 'pickup truck' }),
    ]).shots[0]!.entities;
    expect(vehicleShape(box!).boxes.some((b) => b.surface === 'cargo')).toBe(true);
    expect(vehicleShape(pickup!).boxes.some((b) => b.surface === 'cargo')).toBe(false);
    expect(vehicleShape(pickup!).length).toBeLessThan(vehicleShape(box!).length);
  });
});

describe('riding', () => {
  // A rider and a horse as the director stages them: the same place, course and motion.
  const gallop = { type: 'run', speed: 9, start: 0 };
  const pair = (riderMotion: Record<string, unknown> = gallop) =>
    planWith([
      entity('rider', 'person', [-3, 0, 10], riderMotion, {
        headingDeg: 90,
        action: { verb: 'ride', target: 'horse' },
      }),
      entity('horse', 'horse', [-3, 0, 10], gallop, { headingDeg: 90 }),
    ]);

  it('seats the rider on the back of the galloping horse, legs either side of it, frame after frame', () => {
    const plan = pair();
    const shot = plan.shots[0]!;
    const [rider, horse] = shot.entities as [Entity, Entity];
    const view = new View(CAMERA.position, CAMERA.lookAt, CAMERA.fovDeg, W, H);
    expect(mountOf(shot, rider)).toBe(horse);
    expect(mountOf(shot, horse)).toBeUndefined();
    for (let f = 0; f < 48; f += 3) {
      const t = f / 24;
      const rig = quadrupedRig(horse, straightLinePose(horse, t), t);
      const sk = seatRider(view, rider, horse, straightLinePose(horse, t), t).skeleton;
      const back = rig.trunk[2]!;
      // Over the horse's back (not beside it, not left behind), sitting on top of its barrel.
      expect(Math.abs(sk.pelvis.x - (back.x + rig.trunk[3]!.x) / 2), `frame ${f}`).toBeLessThan(0.4);
      expect(Math.abs(sk.pelvis.z - back.z)).toBeLessThan(0.05);
      expect(sk.pelvis.y).toBeGreaterThan(back.y + rig.trunkR[2]! * 0.8);
      expect(sk.head.y).toBeGreaterThan(sk.pelvis.y + 0.5);
      // Knees and feet on either side of the barrel (the horse runs along x, so sides are z), feet
      // down at the belly, never through the ground.
      const sides = [sk.knee[0].z - back.z, sk.knee[1].z - back.z];
      expect(Math.min(...sides)).toBeLessThan(-rig.trunkR[2]! * 0.8);
      expect(Math.max(...sides)).toBeGreaterThan(rig.trunkR[2]! * 0.8);
      for (const ankle of sk.ankle) {
        expect(ankle.y).toBeLessThan(back.y);
        expect(ankle.y).toBeGreaterThan(0.5);
      }
    }
  });

  it('draws the rider over the horse, where a rider on foot would be drawn beside it', () => {
    const horseOnly = new Scene(
      planWith([entity('horse', 'horse', [-3, 0, 10], gallop, { headingDeg: 90 })]),
    ).renderFrame(24);
    const riding = new Scene(pair()).renderFrame(24);
    // The horse has galloped 9 m by 1 s: its back is about x = 6, 1.3 m up; the rider sits above it.
    const above = compare(horseOnly, riding, screenBox([5.2, 1.45, 9.6], [6.6, 2.5, 10.4], 0));
    expect(above.inside, 'change above the horse').toBeGreaterThan(10);
    // Under the horse, between its legs, the rider changes next to nothing: no legs hang to the ground.
    const below = compare(horseOnly, riding, screenBox([5.2, 0, 9.6], [6.6, 0.35, 10.4], 0));
    expect(below.inside).toBeLessThan(3);
  });
});

describe('sitting', () => {
  const sitter = (seat: string | undefined, start = 0) =>
    planWith([
      entity('p', 'person', [0, 0, 6], { type: 'sit', start, ...(seat ? { seat } : {}) }, { headingDeg: 90 }),
    ]).shots[0]!.entities[0]!;

  it('sits on a bench or chair at its height, thighs level, feet on the ground, and holds still', () => {
    for (const seat of ['bench', 'chair'] as const) {
      const e = sitter(seat);
      const sk = (t: number) => poseSkeleton(e, straightLinePose(e, t), t);
      const s = sk(1);
      expect(s.pelvis.y, seat).toBeGreaterThan(0.5);
      expect(s.pelvis.y).toBeLessThan(0.62);
      for (const i of [0, 1] as const) {
        // Thighs run forward (+x, the way it faces) and level; shins drop to the floor.
        expect(s.knee[i].x - s.hip[i].x).toBeGreaterThan(0.35);
        expect(Math.abs(s.knee[i].y - s.hip[i].y)).toBeLessThan(0.08);
        expect(s.ankle[i].y).toBeLessThan(0.1);
      }
      expect(s.head.y).toBeGreaterThan(s.pelvis.y + 0.55);
      // Still but for breathing: the feet do not move at all.
      expect(sk(3).ankle).toEqual(s.ankle);
      expect(straightLinePose(e, 3).position).toEqual(straightLinePose(e, 0).position);
    }
  });

  it('sits on the ground with its knees up, and sits down smoothly when told to later', () => {
    const e = sitter(undefined);
    const s = poseSkeleton(e, straightLinePose(e, 1), 1);
    expect(s.pelvis.y).toBeLessThan(0.15);
    for (const i of [0, 1] as const) expect(s.knee[i].y).toBeGreaterThan(0.35);
    const later = sitter('bench', 1);
    const y = (t: number) => poseSkeleton(later, straightLinePose(later, t), t).pelvis.y;
    expect(y(0.5)).toBeGreaterThan(0.9);
    expect(y(3)).toBeLessThan(0.62);
    for (let f = 24; f < 60; f++) expect(Math.abs(y((f + 1) / 24) - y(f / 24))).toBeLessThan(0.06);
  });

  it('draws the bench under whoever sits on it: its ends stand out on either side', () => {
    const frame = (seat: string | undefined) =>
      new Scene(
        planWith([
          entity('p', 'person', [0, 0, 6], { type: 'sit', ...(seat ? { seat } : {}) }, { headingDeg: 180 }),
        ]),
      ).renderFrame(12);
    const ground = frame(undefined);
    // The bench's ends stand out to either side of the sitter, where the person is not.
    for (const x of [-0.7, 0.55]) {
      const ends = compare(ground, frame('bench'), screenBox([x, 0, 5.8], [x + 0.15, 0.45, 6.2], 0));
      expect(ends.inside, `bench end at x = ${x}`).toBeGreaterThan(10);
    }
  });
});

describe('cycling', () => {
  const ride = { type: 'drive', speed: 5, start: 0.5 };
  const shot = planWith([
    entity('cyclist', 'person', [-4, 0, 10], ride, {
      headingDeg: 90,
      action: { verb: 'ride', target: 'bike' },
    }),
    entity('bike', 'bicycle', [-4, 0, 10], ride, { headingDeg: 90 }),
  ]).shots[0]!;
  const [cyclist, bike] = shot.entities as [Entity, Entity];
  const view = new View(CAMERA.position, CAMERA.lookAt, CAMERA.fovDeg, W, H);

  it('rolls its wheels without slipping, and turns the cranks through the gearing', () => {
    for (const t of [0.4, 1, 1.7, 2.5]) {
      const rig = bicycleRig(bike, straightLinePose(bike, t), t);
      const d = motionDistanceAt(bike.motion, t);
      expect(rig.wheelAngle * WHEEL_RADIUS).toBeCloseTo(d, 9);
    }
    // The cranks turn once every METRES_PER_CRANK_TURN ridden, the left pedal half a turn behind the
    // right. Heading 90°: forward is +x.
    for (const t of [0.3, 0.8, 1.3, 2.2]) {
      const rig = bicycleRig(bike, straightLinePose(bike, t), t);
      const angle = (motionDistanceAt(bike.motion, t) / METRES_PER_CRANK_TURN) * 2 * Math.PI;
      const right = { x: rig.pedals[1].x - rig.bottomBracket.x, y: rig.pedals[1].y - rig.bottomBracket.y };
      const left = { x: rig.pedals[0].x - rig.bottomBracket.x, y: rig.pedals[0].y - rig.bottomBracket.y };
      expect(right.y).toBeCloseTo(-0.17 * Math.cos(angle), 6);
      expect(right.x).toBeCloseTo(0.17 * Math.sin(angle), 6);
      expect(left.y).toBeCloseTo(-right.y, 6);
      expect(left.x).toBeCloseTo(-right.x, 6);
    }
  });

  it('keeps the cyclist on the saddle, hands on the grips and feet on the pedals as they go round', () => {
    expect(mountOf(shot, cyclist)).toBe(bike);
    const thigh = 0.45;
    const shin = 0.44;
    for (let f = 12; f < 72; f += 2) {
      const t = f / 24;
      const rig = bicycleRig(bike, straightLinePose(bike, t), t);
      const sk = seatRider(view, cyclist, bike, straightLinePose(bike, t), t).skeleton;
      expect(Math.hypot(sk.pelvis.x - rig.saddle.x, sk.pelvis.z - rig.saddle.z), `frame ${f}`).toBeLessThan(
        0.05,
      );
      expect(sk.pelvis.y).toBeGreaterThan(rig.saddle.y);
      for (const i of [0, 1] as const) {
        expect(sk.hand[i]).toEqual(rig.grips[i]);
        const foot = Math.hypot(
          sk.toe[i].x - rig.pedals[i].x,
          sk.toe[i].y - rig.pedals[i].y,
          sk.toe[i].z - rig.pedals[i].z,
        );
        expect(foot, `toe ${i} on its pedal`).toBeLessThan(0.12);
        // The legs keep their length: the knee is where thigh and shin meet, never stretched apart.
        const len = (a: (typeof sk.hip)[0], b: (typeof sk.hip)[0]) =>
          Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
        expect(len(sk.hip[i], sk.knee[i])).toBeCloseTo(thigh, 2);
        expect(len(sk.knee[i], sk.ankle[i])).toBeCloseTo(shin, 2);
      }
    }
  });
});

describe('dancing', () => {
  const dancer = (x: number, start = 0) =>
    planWith([entity('d', 'person', [x, 0, 6], { type: 'dance', start }, { headingDeg: 180 })]).shots[0]!
      .entities[0]!;
  const beat = 1 / DANCE_BEATS_PER_SEC;

  it('dances on the spot and on the beat: feet planted, knees dipping every beat, arms moving', () => {
    for (const x of [-1, 0.4, 1.3]) {
      const e = dancer(x);
      const sk = (t: number) => poseSkeleton(e, straightLinePose(e, t), t);
      const first = sk(1);
      let armTravel = 0;
      for (let f = 24; f < 72; f++) {
        const s = sk(f / 24);
        for (const i of [0, 1] as const) {
          // The feet stay where they are; only a heel lifts.
          expect(Math.abs(s.toe[i].x - first.toe[i].x), `toe ${i} at frame ${f}`).toBeLessThan(1e-9);
          expect(Math.abs(s.toe[i].z - first.toe[i].z)).toBeLessThan(1e-9);
          expect(Math.abs(s.ankle[i].y - first.ankle[i].y)).toBeLessThan(0.07);
        }
        const prev = sk((f - 1) / 24);
        armTravel += Math.hypot(s.hand[0].x - prev.hand[0].x, s.hand[0].y - prev.hand[0].y);
      }
      // Two beats later, the body is where it was: the dance repeats on the beat.
      const t = 1.13;
      expect(sk(t + 2 * beat).pelvis.y).toBeCloseTo(sk(t).pelvis.y, 9);
      // It dips on the beat: half a beat on, the pelvis is at another height.
      const ys = Array.from({ length: 8 }, (_, i) => sk(t + (i * beat) / 8).pelvis.y);
      expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.03);
      expect(armTravel, 'the arms move').toBeGreaterThan(1);
      expect(straightLinePose(e, 2).position).toEqual(straightLinePose(e, 0).position);
    }
  });

  it('raises its hands above its head on the beat, when it dances that way', () => {
    // Dancers differ: at least one of these throws its arms up above its head.
    const highest = [-1, 0.4, 1.3, 2.2].map((x) => {
      const e = dancer(x);
      return Math.max(
        ...Array.from({ length: 24 }, (_, f) => {
          const s = poseSkeleton(e, straightLinePose(e, 1 + f / 24), 1 + f / 24);
          return Math.max(s.hand[0].y, s.hand[1].y) - s.head.y;
        }),
      );
    });
    expect(Math.max(...highest)).toBeGreaterThan(0.1);
  });

  it('starts dancing smoothly from standing when it starts later', () => {
    const e = dancer(0, 1);
    const before = poseSkeleton(e, straightLinePose(e, 0.5), 0.5);
    const standing = poseSkeleton(
      { ...e, motion: { ...e.motion, type: 'idle' } },
      straightLinePose(e, 0.5),
      0.5,
    );
    expect(before).toEqual(standing);
    for (let f = 24; f < 48; f++) {
      const a = poseSkeleton(e, straightLinePose(e, f / 24), f / 24);
      const b = poseSkeleton(e, straightLinePose(e, (f + 1) / 24), (f + 1) / 24);
      expect(Math.hypot(a.hand[1].x - b.hand[1].x, a.hand[1].y - b.hand[1].y)).toBeLessThan(0.25);
    }
  });
});

describe('lying on furniture', () => {
  const lying = (kind: EntityKind, seat?: string) =>
    planWith([entity('a', kind, [0, 0, 6], { type: 'lie', ...(seat ? { seat } : {}) }, { headingDeg: 90 })])
      .shots[0]!.entities[0]!;

  it('lays a person on top of a bed or bench, not through it', () => {
    for (const [seat, top] of [
      ['bed', 0.52],
      ['bench', 0.45],
    ] as const) {
      const e = lying('person', seat);
      const sk = poseSkeleton(e, straightLinePose(e, 1), 1);
      const floor = poseSkeleton(lying('person'), straightLinePose(e, 1), 1);
      // Lying flat (head level with the hips), the body's thickness above the top.
      expect(Math.abs(sk.head.y - sk.pelvis.y), seat).toBeLessThan(0.12);
      expect(sk.pelvis.y).toBeGreaterThan(top + 0.05);
      expect(sk.pelvis.y - floor.pelvis.y).toBeCloseTo(top, 6);
    }
  });

  it('puts an animal on the sofa, with the sofa drawn under it', () => {
    const onSofa = lying('cat', 'sofa');
    const rig = quadrupedRig(onSofa, straightLinePose(onSofa, 1), 1);
    expect(rig.centre.y).toBeGreaterThan(0.44);
    const frame = (e: ReturnType<typeof lying>) => new Scene(planWith([e])).renderFrame(24);
    // Where the sofa's seat is, beside and below the cat, the frame changes.
    const change = compare(
      frame(lying('cat')),
      frame(onSofa),
      screenBox([-0.8, 0.1, 5.7], [0.8, 0.4, 6.3], 0),
    );
    expect(change.inside).toBeGreaterThan(10);
  });
});

describe('faces', () => {
  // Warm, skin-toned pixels in the head's box: the face, where it shows.
  const faceShows = (headingDeg: number) => {
    const plan = planWith([entity('p', 'person', [0, 0, 5], { type: 'idle' }, { headingDeg })]);
    const px = new Scene(plan).renderFrame(6);
    const box = screenBox([-0.15, 1.5, 4.85], [0.15, 1.75, 5.15], 0);
    let warm = 0;
    for (let y = box.y0; y < box.y1; y++)
      for (let x = box.x0; x < box.x1; x++) {
        const i = (y * W + x) * 4;
        if (px[i]! > px[i + 2]! + 35 && px[i]! > 110) warm++;
      }
    return warm;
  };

  it('shows a face toward the camera, in profile from the side, and hair from behind', () => {
    const front = faceShows(180);
    const profile = faceShows(90);
    const back = faceShows(0);
    expect(front).toBeGreaterThan(100);
    expect(profile).toBeGreaterThan(100);
    // From behind only the neck and the scarf's edge are warm.
    expect(back).toBeLessThan(30);
  });
});
