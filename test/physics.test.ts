import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GRAVITY,
  loadRapier,
  STEP,
  rotate,
  simulateShot,
  type BodyPose,
  type PropShape,
} from '../src/engine/physics/index.ts';
import { proceduralBackend } from '../src/backends/procedural/procedural-backend.ts';
import { directPrompt } from '../src/director/index.ts';
import { Scene } from '../src/engine/index.ts';
import { View } from '../src/engine/view.ts';
import { dot, sub, type V3 } from '../src/engine/vec.ts';
import { frameHashes } from '../src/media/index.ts';
import { parsePlan, type Setting } from '../src/plan/index.ts';

const RAPIER = await loadRapier();
const CAMERA = { position: { x: 0, y: 2.2, z: -4 }, lookAt: { x: 0, y: 1, z: 6 }, fovDeg: 50 };
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

function prop(
  id: string,
  kind: string,
  at: [number, number, number],
  physics: object = {},
  extra: object = {},
) {
  const [x, y, z] = at;
  return { id, kind, label: id, position: { x, y, z }, motion: { type: 'idle' }, physics, ...extra };
}

function planWith(entities: unknown[], setting: Setting = 'city-street', durationSec = 3, size = 480) {
  return parsePlan({
    version: 1,
    seed: 11,
    output: { width: size, height: size, fps: 24, durationSec },
    shots: [
      {
        id: 'a',
        start: 0,
        end: durationSec,
        setting,
        camera: { viewpoint: 'static', move: 'static', keyframes: [{ t: 0, ...CAMERA }] },
        entities,
      },
    ],
    provenance: { prompt: 'physics test' },
  });
}

function simulate(entities: unknown[], setting: Setting = 'city-street', durationSec = 3) {
  const plan = planWith(entities, setting, durationSec);
  const sim = simulateShot(plan.shots[0]!, plan.seed);
  if (!sim) throw new Error('no props simulated');
  return sim;
}

// --- exact overlap geometry, independent of the engine ---------------------------------------

interface Solid {
  pose: BodyPose;
  shape: PropShape;
}

const axesOf = (pose: BodyPose): V3[] =>
  [
    { x: 1, y: 0, z: 0 },
    { x: 0, y: 1, z: 0 },
    { x: 0, y: 0, z: 1 },
  ].map((a) => rotate(pose.rotation, a));

const cross = (a: V3, b: V3): V3 => ({
  x: a.y * b.z - a.z * b.y,
  y: a.z * b.x - a.x * b.z,
  z: a.x * b.y - a.y * b.x,
});

/** Depth by which two boxes interpenetrate (0 when apart): the least overlap over the 15 SAT axes. */
function boxBoxPenetration(
  a: Solid & { shape: { type: 'box' } },
  b: Solid & { shape: { type: 'box' } },
): number {
  const A = axesOf(a.pose);
  const B = axesOf(b.pose);
  const ha = [a.shape.half.x, a.shape.half.y, a.shape.half.z];
  const hb = [b.shape.half.x, b.shape.half.y, b.shape.half.z];
  const d = sub(b.pose.position, a.pose.position);
  const candidates = [...A, ...B, ...A.flatMap((u) => B.map((v) => cross(u, v)))];
  let least = Infinity;
  for (const raw of candidates) {
    const len = Math.hypot(raw.x, raw.y, raw.z);
    if (len < 1e-6) continue;
    const L = { x: raw.x / len, y: raw.y / len, z: raw.z / len };
    const ra = A.reduce((s, u, i) => s + ha[i]! * Math.abs(dot(u, L)), 0);
    const rb = B.reduce((s, u, i) => s + hb[i]! * Math.abs(dot(u, L)), 0);
    least = Math.min(least, ra + rb - Math.abs(dot(d, L)));
  }
  return Math.max(0, least);
}

/** Depth by which a ball pokes into a box (0 when apart), from the box's closest point. */
function ballBoxPenetration(
  ball: Solid & { shape: { type: 'ball' } },
  box: Solid & { shape: { type: 'box' } },
): number {
  const axes = axesOf(box.pose);
  const h = [box.shape.half.x, box.shape.half.y, box.shape.half.z];
  const rel = sub(ball.pose.position, box.pose.position);
  const local = axes.map((u) => dot(rel, u));
  const inside = local.every((c, i) => Math.abs(c) <= h[i]!);
  if (inside) return ball.shape.radius + Math.min(...local.map((c, i) => h[i]! - Math.abs(c)));
  const outside = local.map((c, i) => c - Math.max(-h[i]!, Math.min(h[i]!, c)));
  return Math.max(0, ball.shape.radius - Math.hypot(...outside));
}

function penetration(a: Solid, b: Solid): number {
  if (a.shape.type === 'ball' && b.shape.type === 'ball') {
    const d = sub(a.pose.position, b.pose.position);
    return Math.max(0, a.shape.radius + b.shape.radius - Math.hypot(d.x, d.y, d.z));
  }
  if (a.shape.type === 'box' && b.shape.type === 'box')
    return boxBoxPenetration(
      a as Solid & { shape: { type: 'box' } },
      b as Solid & { shape: { type: 'box' } },
    );
  if (a.shape.type === 'ball' && b.shape.type === 'box')
    return ballBoxPenetration(
      a as Solid & { shape: { type: 'ball' } },
      b as Solid & { shape: { type: 'box' } },
    );
  if (a.shape.type === 'box' && b.shape.type === 'ball') return penetration(b, a);
  throw new Error(`no exact test for ${a.shape.type} against ${b.shape.type}`);
}

/** Lowest point of a box or ball: below 0 it is under the street. */
function lowestY({ pose, shape }: Solid): number {
  if (shape.type === 'ball') return pose.position.y - shape.radius;
  if (shape.type !== 'box') throw new Error('boxes and balls only');
  const h = [shape.half.x, shape.half.y, shape.half.z];
  return pose.position.y - axesOf(pose).reduce((s, u, i) => s + h[i]! * Math.abs(u.y), 0);
}

/** Rapier's own exact shape query: signed distance between two posed shapes (negative = overlap). */
function rapierDistance(a: Solid, b: Solid): number {
  const shapeOf = (s: PropShape) =>
    s.type === 'box'
      ? new RAPIER.Cuboid(s.half.x, s.half.y, s.half.z)
      : s.type === 'ball'
        ? new RAPIER.Ball(s.radius)
        : s.type === 'cylinder'
          ? new RAPIER.Cylinder(s.halfHeight, s.radius)
          : new RAPIER.ConvexPolyhedron(new Float32Array(s.points.flatMap((p) => [p.x, p.y, p.z])), null);
  const contact = shapeOf(a.shape).contactShape(
    a.pose.position,
    a.pose.rotation,
    shapeOf(b.shape),
    b.pose.position,
    b.pose.rotation,
    0.05,
  );
  return contact ? contact.distance : Infinity;
}

/** Rapier keeps resting contacts within about a millimetre; anything visible would be centimetres. */
const MAX_PENETRATION = 0.01;

describe('rigid-body physics (Rapier)', () => {
  it('a dropped crate falls along y = y0 − ½gt² until it first touches the street, then stops on it', () => {
    const sim = simulate([prop('crate', 'crate', [0, 5, 6])]);
    const crate = sim.props[0]!;
    const y0 = sim.sample(0, 0).position.y;
    expect(y0).toBeCloseTo(5.4, 5); // its bottom 5 m up, its centre half a crate higher
    const expectedContact = Math.sqrt((2 * 5) / GRAVITY);
    expect(crate.firstContact).toBeDefined();
    expect(Math.abs(crate.firstContact! - expectedContact)).toBeLessThan(2 * STEP);
    // Free flight: every sample before contact on the parabola (the semi-implicit Euler step lags by ½g·dt·t).
    const free = Math.floor(expectedContact / STEP) - 1;
    const ts: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i <= free; i++) {
      const t = i * STEP;
      const { position } = sim.sample(0, i);
      expect(Math.abs(position.y - (y0 - 0.5 * GRAVITY * t * t))).toBeLessThan(
        0.5 * GRAVITY * STEP * t + 1e-3,
      );
      expect(position.x).toBeCloseTo(0, 6);
      expect(position.z).toBeCloseTo(6, 5);
      ts.push(t);
      ys.push(position.y);
    }
    // Least-squares parabola through the flight: its acceleration is g.
    expect(fitAcceleration(ts, ys)).toBeCloseTo(-GRAVITY, 1);
    // At rest on the street afterwards, bottom at y = 0, not through it.
    const rest = sim.sample(0, sim.samples - 1);
    expect(lowestY({ pose: rest, shape: crate.shape })).toBeGreaterThan(-MAX_PENETRATION);
    expect(lowestY({ pose: rest, shape: crate.shape })).toBeLessThan(0.01);
  });

  it('a ball bounces back to about e²·h and falls under gravity between bounces', () => {
    const sim = simulate([prop('ball', 'ball', [0, 3, 6])]);
    const ball = sim.props[0]!;
    const heights = Array.from({ length: sim.samples }, (_, i) => sim.sample(0, i).position.y - 0.25);
    const contact = Math.round(ball.firstContact! / STEP);
    const apex = Math.max(...heights.slice(contact + 2));
    // Restitution 0.78 (the ball's, the larger of the pair): the rebound reaches e² of the drop.
    expect(apex).toBeGreaterThan(0.78 ** 2 * 3 * 0.8);
    expect(apex).toBeLessThan(0.78 ** 2 * 3 * 1.1);
    // Between bounces the second difference of height is −g·dt².
    const top = heights.indexOf(apex, contact);
    const accel = (heights[top + 6]! - 2 * heights[top + 5]! + heights[top + 4]!) / STEP ** 2;
    expect(accel).toBeCloseTo(-GRAVITY, 0);
  });

  it('no two bodies ever overlap, nor sink into the street, in any frame of a tumbling pile', () => {
    const entities = [
      prop('c1', 'crate', [0, 0, 6]),
      prop('c2', 'crate', [0.25, 2, 6.1]),
      prop('c3', 'crate', [-0.3, 4, 5.9], { spin: { x: 2, y: 1, z: 0 } }),
      prop('c4', 'crate', [0.6, 6, 6.3]),
      prop('c5', 'crate', [1.1, 0, 6]),
      prop('c6', 'crate', [0.9, 3.5, 6.2], { spin: { x: 0, y: 0, z: 3 } }),
      prop('b1', 'ball', [0.1, 8, 6], { velocity: { x: 0, y: -2, z: 0 } }),
      prop('b2', 'ball', [0.7, 9, 6.2]),
      prop('b3', 'ball', [-0.5, 7, 6.1], { velocity: { x: 1, y: 0, z: 0 } }),
    ];
    const sim = simulate(entities);
    let worst = 0;
    let touching = 0;
    const frames = Math.floor(sim.duration * 24);
    for (let f = 0; f <= frames; f++) {
      const solids = sim.props.map((p) => ({ pose: sim.poseAt(p.entity.id, f / 24)!, shape: p.shape }));
      for (let i = 0; i < solids.length; i++) {
        expect(
          lowestY(solids[i]!),
          `${sim.props[i]!.entity.id} under the street at frame ${f}`,
        ).toBeGreaterThan(-MAX_PENETRATION);
        for (let j = i + 1; j < solids.length; j++) {
          const depth = penetration(solids[i]!, solids[j]!);
          worst = Math.max(worst, depth);
          if (rapierDistance(solids[i]!, solids[j]!) < 0.005) touching++;
          expect(
            depth,
            `${sim.props[i]!.entity.id} in ${sim.props[j]!.entity.id} at frame ${f}`,
          ).toBeLessThan(MAX_PENETRATION);
        }
      }
    }
    // Not vacuous: the pile does form (bodies rest on each other), and crates end up stacked.
    expect(touching).toBeGreaterThan(50);
    const tops = sim.props.map(
      (p, i) => sim.sample(i, sim.samples - 1).position.y - (p.shape.type === 'box' ? 0.4 : 0.25),
    );
    expect(Math.max(...tops)).toBeGreaterThan(0.7);
    expect(worst).toBeLessThan(MAX_PENETRATION);
  });

  it('barrels and rocks keep apart too, by Rapier’s exact shape queries, and a ball rolls off a crate', () => {
    const sim = simulate([
      prop('r1', 'rock', [0, 0, 6]),
      prop('r2', 'rock', [0.3, 2.5, 6]),
      prop('bar1', 'barrel', [-0.2, 4.5, 6.1], { spin: { x: 1.5, y: 0, z: 0 } }),
      prop('bar2', 'barrel', [1.2, 1, 6]),
      prop('crate', 'crate', [-1.5, 0, 6], { dynamic: false }),
      prop('ball', 'ball', [-1.5, 1.5, 6]),
    ]);
    let worst = 0;
    for (let f = 0; f <= 72; f++) {
      const solids = sim.props.map((p) => ({ pose: sim.poseAt(p.entity.id, f / 24)!, shape: p.shape }));
      for (let i = 0; i < solids.length; i++)
        for (let j = i + 1; j < solids.length; j++)
          worst = Math.max(worst, -rapierDistance(solids[i]!, solids[j]!));
    }
    expect(worst).toBeLessThan(MAX_PENETRATION);
    // The fixed crate never moves; the ball dropped on its top lands on it (about 0.8 m up).
    const crate = sim.props.findIndex((p) => p.entity.id === 'crate');
    expect(sim.sample(crate, sim.samples - 1)).toEqual(sim.sample(crate, 0));
    const ball = sim.prop('ball')!;
    const landing = sim.poseAt('ball', ball.firstContact!)!.position.y - 0.25;
    expect(landing).toBeGreaterThan(0.75);
  });

  it('is deterministic: the same plan gives bit-identical poses', () => {
    const entities = [
      prop('c1', 'crate', [0, 2, 6], { spin: { x: 1, y: 2, z: 3 } }),
      prop('b', 'ball', [0.2, 4, 6]),
    ];
    const a = simulate(entities);
    const b = simulate(entities);
    for (let i = 0; i < a.samples; i += 7) {
      expect(b.sample(0, i)).toEqual(a.sample(0, i));
      expect(b.sample(1, i)).toEqual(a.sample(1, i));
    }
  });

  it('holds a prop until physics.releaseAt, then lets it fall', () => {
    const sim = simulate([prop('c', 'crate', [0, 3, 6], { releaseAt: 1 })]);
    const y0 = sim.sample(0, 0).position.y;
    expect(sim.poseAt('c', 0.99)!.position.y).toBe(y0);
    expect(sim.poseAt('c', 1.5)!.position.y).toBeLessThan(y0 - 0.5 * GRAVITY * 0.4 ** 2);
  });

  it('barrels float and bob on the waves; a rock sinks', () => {
    const sim = simulate(
      [prop('b1', 'barrel', [-2, 1, 8]), prop('b2', 'barrel', [2, 0, 10]), prop('rock', 'rock', [0, 1, 9])],
      'sea',
      4,
    );
    const water = sim.environment.water!;
    for (const id of ['b1', 'b2']) {
      const ys: number[] = [];
      const surface: number[] = [];
      for (let t = 2; t <= 4; t += 1 / 24) {
        const p = sim.poseAt(id, t)!.position;
        ys.push(p.y);
        surface.push(water.height(p.x, p.z, t));
        // Afloat: its centre within a barrel's radius of the water under it.
        expect(Math.abs(p.y - water.height(p.x, p.z, t)), `${id} at ${t.toFixed(2)} s`).toBeLessThan(0.45);
      }
      // It rides the swell: up and down with the water under it.
      expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.15);
      expect(correlation(ys, surface)).toBeGreaterThan(0.7);
    }
    expect(sim.poseAt('rock', 4)!.position.y).toBeLessThan(-3);
    expect(sim.prop('b1')!.waterEntry).toBeGreaterThan(0.3);
  });

  it('lands a crate on the roof of a parked car: vehicles are solid', () => {
    const sim = simulate([
      prop('car', 'car', [0, 0, 6], undefined, { headingDeg: 90 }),
      prop('crate', 'crate', [0, 4, 6]),
    ]);
    const end = sim.poseAt('crate', 3)!.position.y - 0.4;
    expect(end).toBeGreaterThan(1.3);
    expect(end).toBeLessThan(1.45);
  });

  it('a rock dropped on the mountains comes to rest on the drawn terrain', () => {
    const sim = simulate([prop('rock', 'rock', [60, 2, 120])], 'mountains', 3);
    const p = sim.poseAt('rock', 3)!.position;
    const ground = sim.environment.groundAt(p.x, p.z);
    expect(ground).not.toBe(0);
    expect(Math.abs(p.y - ground)).toBeLessThan(0.9);
  });

  it('stages prompts as physics, with a landing thud on each simulated touchdown', () => {
    const frame = 1 / 24;
    const ball = directPrompt('a red ball bounces down the street', {
      width: 480,
      height: 480,
      fps: 24,
      durationSec: 4,
      seed: 3,
    });
    const sim = simulateShot(ball.shots[0]!, ball.seed)!;
    expect(sim.props.map((p) => p.entity.kind)).toEqual(['ball']);
    // Bounces are where the simulated height has a minimum on the street.
    const ys = Array.from({ length: sim.samples }, (_, i) => sim.sample(0, i).position.y);
    const bounces = ys.flatMap((y, i) =>
      i > 0 && y < ys[i - 1]! && y <= (ys[i + 1] ?? Infinity) && y < 0.3 ? [i * STEP] : [],
    );
    const thuds = ball.audio.effects.filter((e) => e.kind === 'thud').map((e) => e.t);
    expect(bounces.length).toBeGreaterThanOrEqual(3);
    expect(thuds.length).toBeGreaterThanOrEqual(3);
    for (const t of thuds)
      expect(Math.min(...bounces.map((b) => Math.abs(b - t))), `thud at ${t}`).toBeLessThan(frame);
    // And it travels: thrown across the frame, it ends metres from where it started.
    const start = sim.sample(0, 0).position;
    const end = sim.sample(0, sim.samples - 1).position;
    expect(Math.hypot(end.x - start.x, end.z - start.z)).toBeGreaterThan(3);

    const crate = directPrompt('箱子从天上掉下来', {
      width: 480,
      height: 480,
      fps: 24,
      durationSec: 3,
      seed: 3,
    });
    const dropped = simulateShot(crate.shots[0]!, crate.seed)!.props[0]!;
    expect(dropped.entity.kind).toBe('crate');
    const thud = crate.audio.effects.find((e) => e.kind === 'thud')!;
    expect(Math.abs(thud.t - dropped.firstContact!)).toBeLessThan(frame);
  });

  it('draws each prop at its simulated pose, frame after frame, the same in any render order', () => {
    const withCrate = planWith([prop('crate', 'crate', [0, 3, 6])], 'city-street', 2);
    const without = planWith([], 'city-street', 2);
    const a = new Scene(withCrate);
    const empty = new Scene(without);
    const sim = simulateShot(withCrate.shots[0]!, withCrate.seed)!;
    const view = new View(CAMERA.position, CAMERA.lookAt, CAMERA.fovDeg, 480, 480);
    const hashes: string[] = [];
    // Changed pixels (crate and shadow) inside a square around where the simulation puts the crate.
    const changedNear = (px: Uint8Array, base: Uint8Array, at: V3) => {
      const c = view.project(at)!;
      const r = 0.4 * c.scale;
      let changed = 0;
      let area = 0;
      for (let y = Math.floor(c.y - r); y < c.y + r; y++)
        for (let x = Math.floor(c.x - r); x < c.x + r; x++) {
          if (x < 0 || y < 0 || x >= 480 || y >= 480) continue;
          const i = (y * 480 + x) * 4;
          const d =
            Math.abs(px[i]! - base[i]!) +
            Math.abs(px[i + 1]! - base[i + 1]!) +
            Math.abs(px[i + 2]! - base[i + 2]!);
          area++;
          if (d > 30) changed++;
        }
      return changed / Math.max(1, area);
    };
    for (const [f, other] of [
      [20, 0],
      [0, 20],
      [10, 0],
    ] as const) {
      const px = a.renderFrame(f);
      hashes.push(md5(px));
      const base = empty.renderFrame(f);
      // The crate covers the square around its simulated centre, and not where it is at another time.
      expect(changedNear(px, base, sim.poseAt('crate', f / 24)!.position), `frame ${f}`).toBeGreaterThan(0.8);
      expect(changedNear(px, base, sim.poseAt('crate', other / 24)!.position), `frame ${f}`).toBeLessThan(
        0.3,
      );
    }
    const fresh = new Scene(withCrate);
    expect(md5(fresh.renderFrame(10))).toBe(hashes[2]);
    expect(md5(fresh.renderFrame(20))).toBe(hashes[0]);
  });

  it('renders the same frames on one worker thread or two (each simulates the shot itself)', async () => {
    const plan = planWith(
      [prop('c1', 'crate', [0, 2, 6], { spin: { x: 1, y: 2, z: 0 } }), prop('b', 'ball', [0.3, 3, 6])],
      'city-street',
      1,
    );
    const dir = await mkdtemp(join(tmpdir(), 'kino-physics-'));
    try {
      const hashes = [];
      for (const workers of [1, 2]) {
        const out = join(dir, `w${workers}.mp4`);
        await proceduralBackend({ workers }).generate({ plan, outputPath: out, quality: 'preview' });
        hashes.push(await frameHashes(out));
      }
      expect(hashes[0]!.length).toBe(24);
      expect(hashes[1]).toEqual(hashes[0]);
      // The props move: the frames are not all alike.
      expect(new Set(hashes[0]).size).toBeGreaterThan(12);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

function fitAcceleration(ts: number[], ys: number[]): number {
  // Normal equations for y = a + b t + c t²; returns 2c.
  const n = ts.length;
  const s = (k: number) => ts.reduce((acc, t) => acc + t ** k, 0);
  const sy = (k: number) => ts.reduce((acc, t, i) => acc + t ** k * ys[i]!, 0);
  const m = [
    [n, s(1), s(2)],
    [s(1), s(2), s(3)],
    [s(2), s(3), s(4)],
  ];
  const r = [sy(0), sy(1), sy(2)];
  const det = (a: number[][]) =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const mc = m.map((row, i) => [row[0]!, row[1]!, r[i]!]);
  return (2 * det(mc)) / det(m);
}

function correlation(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}
