/**
 * One shot's rigid-body simulation, run once with Rapier at a fixed step from the plan alone, and
 * recorded: any frame then looks its props' poses up by time, in any order, on any worker.
 *
 * Props (crates, balls, barrels, rocks) are dynamic bodies; vehicles are kinematic boxes that follow
 * their planned path, so a crate can ride a truck and fall off it; the ground is the world's own.
 * At sea, buoyancy and drag from the drawn waves act on sample points through each body.
 */
import { deg, clamp } from '../../lib/math.ts';
import type { Entity, Shot } from '../../plan/index.ts';
import { vehicleShape } from '../entities/vehicle.ts';
import { rotateY, type V3 } from '../vec.ts';
import { environmentFor, SEA_FLOOR, type Environment } from './environment.ts';
import { slerp, yaw, type Quat } from './quaternion.ts';
import { rapier, type Rapier } from './rapier.ts';
import {
  isProp,
  propMaterial,
  propShape,
  shapeDepthBelowCentre,
  shapeHalfExtents,
  shapeVolume,
  type PropKind,
  type PropShape,
} from './shapes.ts';

export const GRAVITY = 9.81;
/**
 * Simulation step, seconds of world time: 10 steps per frame at 24 fps, 8 at 30. At 1/120 s a crate
 * landing on another at 10 m/s sank 3 cm into it for a step; at 1/240 s (with stiffer contacts) the
 * worst overlap in a tumbling pile is under 4 mm.
 */
export const STEP = 1 / 240;
/** Longest stretch simulated; after it (a long timelapse) props hold their last pose. */
const MAX_SIM_SEC = 60;
const RHO_WATER = 1000;
/** Linear drag of water on a submerged sample, per second: barrels settle in a few bobs. */
const WATER_DRAG = 2.2;
const GROUND_FRICTION = 0.8;
const GROUND_RESTITUTION = 0.3;

export interface BodyPose {
  position: V3;
  rotation: Quat;
}

export interface SimulatedProp {
  readonly entity: Entity & { kind: PropKind };
  readonly shape: PropShape;
  /** World time of its first touch of the ground or another body, if it touches anything. */
  readonly firstContact: number | undefined;
  /** World time its lowest point first went under the water, at sea. */
  readonly waterEntry: number | undefined;
}

export class ShotPhysics {
  constructor(
    /** Recorded samples: STEP apart from time 0. */
    readonly samples: number,
    readonly props: readonly SimulatedProp[],
    /** Per prop: x, y, z, qx, qy, qz, qw for each sample. */
    private readonly tracks: readonly Float64Array[],
    readonly environment: Environment,
  ) {}

  get duration(): number {
    return (this.samples - 1) * STEP;
  }

  prop(id: string): SimulatedProp | undefined {
    return this.props.find((p) => p.entity.id === id);
  }

  /** The recorded pose at sample i (STEP apart). */
  sample(index: number, i: number): BodyPose {
    const a = this.tracks[index]!;
    const o = clamp(i, 0, this.samples - 1) * 7;
    return {
      position: { x: a[o]!, y: a[o + 1]!, z: a[o + 2]! },
      rotation: { x: a[o + 3]!, y: a[o + 4]!, z: a[o + 5]!, w: a[o + 6]! },
    };
  }

  /** Pose of a prop at world time t, between samples by linear and spherical interpolation. */
  poseAt(id: string, t: number): BodyPose | undefined {
    const index = this.props.findIndex((p) => p.entity.id === id);
    if (index < 0) return undefined;
    const u = clamp(t / STEP, 0, this.samples - 1);
    const i = Math.floor(u);
    const s = u - i;
    const a = this.sample(index, i);
    if (s < 1e-9) return a;
    const b = this.sample(index, i + 1);
    return {
      position: {
        x: a.position.x + (b.position.x - a.position.x) * s,
        y: a.position.y + (b.position.y - a.position.y) * s,
        z: a.position.z + (b.position.z - a.position.z) * s,
      },
      rotation: slerp(a.rotation, b.rotation, s),
    };
  }
}

type World = InstanceType<Rapier['World']>;
type RigidBody = ReturnType<World['createRigidBody']>;

function colliderFor(shape: PropShape) {
  switch (shape.type) {
    case 'box':
      return rapier().ColliderDesc.cuboid(shape.half.x, shape.half.y, shape.half.z);
    case 'ball':
      return rapier().ColliderDesc.ball(shape.radius);
    case 'cylinder':
      return rapier().ColliderDesc.cylinder(shape.halfHeight, shape.radius);
    case 'hull': {
      const desc = rapier().ColliderDesc.convexHull(
        new Float32Array(shape.points.flatMap((p) => [p.x, p.y, p.z])),
      );
      if (!desc) throw new Error('a rock shape is degenerate');
      return desc;
    }
  }
}

/** The ground under the props: a plane, the sea floor, or the terrain as a mesh around them. */
function addGround(world: World, env: Environment, shot: Shot, props: readonly Entity[]): void {
  const ground = (desc: ReturnType<Rapier['ColliderDesc']['cuboid']>) =>
    world.createCollider(desc.setFriction(GROUND_FRICTION).setRestitution(GROUND_RESTITUTION));
  if (env.ground !== 'terrain') {
    const top = env.ground === 'sea-floor' ? SEA_FLOOR : 0;
    ground(
      rapier()
        .ColliderDesc.cuboid(2000, 5, 2000)
        .setTranslation(0, top - 5, 0),
    );
    return;
  }
  // A mesh over the props' reach: where they start, plus how far their launch speed carries them.
  const reach = 30 + Math.min(150, 8 * (shot.end - shot.start) * shot.timeScale);
  const xs = props.map((p) => p.position.x);
  const zs = props.map((p) => p.position.z);
  const x0 = Math.min(...xs) - reach;
  const z0 = Math.min(...zs) - reach;
  const size = Math.max(Math.max(...xs) - x0, Math.max(...zs) - z0) + reach;
  const cells = Math.min(200, Math.ceil(size / 0.75));
  const cell = size / cells;
  const n = cells + 1;
  const vertices = new Float32Array(n * n * 3);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = x0 + i * cell;
      const z = z0 + j * cell;
      vertices.set([x, env.groundAt(x, z), z], (i * n + j) * 3);
    }
  }
  const indices = new Uint32Array(cells * cells * 6);
  let k = 0;
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      const a = i * n + j;
      // Wound so the faces point up (counter-clockwise seen from above, y up).
      indices.set([a, a + 1, a + n, a + 1, a + n + 1, a + n], k);
      k += 6;
    }
  }
  world.createCollider(
    rapier()
      .ColliderDesc.trimesh(vertices, indices, rapier().TriMeshFlags.FIX_INTERNAL_EDGES)
      .setFriction(GROUND_FRICTION)
      .setRestitution(GROUND_RESTITUTION),
  );
}

interface Kinematic {
  body: RigidBody;
  entity: Entity;
  /** Height of the box's centre and top above the vehicle's ground point. */
  lift: number;
  top: number;
}

/** Vehicles as kinematic boxes following their planned path: props bounce off them and ride them. */
function addVehicles(world: World, shot: Shot, env: Environment): Kinematic[] {
  const out: Kinematic[] = [];
  for (const entity of shot.entities) {
    if (entity.kind !== 'car' && entity.kind !== 'suv' && entity.kind !== 'truck') continue;
    const dims = vehicleShape(entity);
    const k = entity.traits.scale;
    const bottom = Math.min(...dims.boxes.map((b) => b.y0)) * k;
    const top = Math.max(...dims.boxes.map((b) => b.y1)) * k;
    const pose = env.place(entity, 0);
    const lift = (bottom + top) / 2;
    const body = world.createRigidBody(
      rapier()
        .RigidBodyDesc.kinematicPositionBased()
        .setTranslation(pose.position.x, pose.position.y + lift, pose.position.z)
        .setRotation(yaw(pose.heading)),
    );
    world.createCollider(
      rapier()
        .ColliderDesc.cuboid((dims.width / 2) * k, (top - bottom) / 2, (dims.length / 2) * k)
        .setFriction(0.7)
        .setRestitution(0.2),
      body,
    );
    out.push({ body, entity, lift, top });
  }
  return out;
}

/** Sample points through a body for buoyancy: a 3×3×3 grid over its box, each with a share of volume. */
function buoyancySamples(shape: PropShape): { points: V3[]; volume: number; cell: number } {
  const h = shapeHalfExtents(shape);
  const points: V3[] = [];
  for (const i of [-2 / 3, 0, 2 / 3])
    for (const j of [-2 / 3, 0, 2 / 3])
      for (const k of [-2 / 3, 0, 2 / 3]) points.push({ x: i * h.x, y: j * h.y, z: k * h.z });
  return { points, volume: shapeVolume(shape) / points.length, cell: (2 * Math.max(h.x, h.y, h.z)) / 3 };
}

function applyWater(body: RigidBody, shape: PropShape, env: Environment, t: number): number {
  const water = env.water!;
  const { points, volume, cell } = buoyancySamples(shape);
  const p = body.translation();
  const q = body.rotation();
  const v = body.linvel();
  const w = body.angvel();
  body.resetForces(false);
  let lowest = Infinity;
  for (const local of points) {
    // World position of the sample: rotate, then translate.
    const tx = 2 * (q.y * local.z - q.z * local.y);
    const ty = 2 * (q.z * local.x - q.x * local.z);
    const tz = 2 * (q.x * local.y - q.y * local.x);
    const r = {
      x: local.x + q.w * tx + (q.y * tz - q.z * ty),
      y: local.y + q.w * ty + (q.z * tx - q.x * tz),
      z: local.z + q.w * tz + (q.x * ty - q.y * tx),
    };
    const at = { x: p.x + r.x, y: p.y + r.y, z: p.z + r.z };
    const surface = water.sample(at.x, at.z, t);
    lowest = Math.min(lowest, at.y - surface.height);
    const wet = clamp((surface.height - at.y) / cell + 0.5, 0, 1);
    if (wet <= 0) continue;
    // The water's own vertical speed: drag pulls a floating body along with the swell.
    const rise = (water.height(at.x, at.z, t + STEP) - surface.height) / STEP;
    const lift = RHO_WATER * GRAVITY * volume * wet;
    const drag = RHO_WATER * volume * wet * WATER_DRAG;
    const vx = v.x + (w.y * r.z - w.z * r.y);
    const vy = v.y + (w.z * r.x - w.x * r.z) - rise;
    const vz = v.z + (w.x * r.y - w.y * r.x);
    // Buoyancy acts along the surface normal: floating things slide off the crests.
    body.addForceAtPoint(
      { x: -lift * surface.slopeX - drag * vx, y: lift - drag * vy, z: -lift * surface.slopeZ - drag * vz },
      at,
      false,
    );
  }
  return lowest;
}

/**
 * Simulates a shot's props from the plan: a pure function of (shot, seed). Returns undefined when
 * the shot has no props.
 */
export function simulateShot(shot: Shot, seed: number): ShotPhysics | undefined {
  const entities = shot.entities.filter((e): e is Entity & { kind: PropKind } => isProp(e.kind));
  if (entities.length === 0) return undefined;
  const env = environmentFor(shot, seed);
  const duration = Math.min(MAX_SIM_SEC, (shot.end - shot.start) * shot.timeScale);
  const steps = Math.ceil(duration / STEP - 1e-9);
  const { World, EventQueue } = rapier();
  const world = new World({ x: 0, y: -GRAVITY, z: 0 });
  const events = new EventQueue(true);
  try {
    world.timestep = STEP;
    world.integrationParameters.numSolverIterations = 4;
    world.integrationParameters.contact_natural_frequency = 60;
    addGround(world, env, shot, entities);
    const vehicles = addVehicles(world, shot, env);
    const shapes = entities.map((e) => propShape(e, seed));
    const bodies = entities.map((e, i) => {
      const shape = shapes[i]!;
      const material = propMaterial(e);
      const start = startOf(e, shape, env, vehicles);
      const held = e.physics?.dynamic === false || (e.physics?.releaseAt ?? 0) > 0;
      const desc = (
        e.physics?.dynamic === false
          ? rapier().RigidBodyDesc.fixed()
          : held
            ? rapier().RigidBodyDesc.kinematicPositionBased()
            : rapier().RigidBodyDesc.dynamic()
      )
        .setTranslation(start.position.x, start.position.y, start.position.z)
        .setRotation(yaw(start.heading))
        .setAngularDamping(0.15)
        .setCcdEnabled(true);
      const body = world.createRigidBody(desc);
      if (!held) launch(body, e, start.velocity);
      const collider = world.createCollider(
        colliderFor(shape)
          .setDensity(material.density)
          .setFriction(material.friction)
          .setRestitution(material.restitution)
          .setRestitutionCombineRule(rapier().CoefficientCombineRule.Max)
          .setActiveEvents(rapier().ActiveEvents.COLLISION_EVENTS),
        body,
      );
      return { body, collider, start };
    });
    const byCollider = new Map(bodies.map((b, i) => [b.collider.handle, i]));
    const firstContact: (number | undefined)[] = entities.map(() => undefined);
    const waterEntry: (number | undefined)[] = entities.map(() => undefined);
    const tracks = entities.map(() => new Float64Array((steps + 1) * 7));
    const record = (i: number) => {
      bodies.forEach(({ body }, b) => {
        const p = body.translation();
        const q = body.rotation();
        tracks[b]!.set([p.x, p.y, p.z, q.x, q.y, q.z, q.w], i * 7);
      });
    };
    record(0);
    for (let i = 1; i <= steps; i++) {
      const t = (i - 1) * STEP;
      entities.forEach((e, b) => {
        const { body, start } = bodies[b]!;
        const release = e.physics?.releaseAt ?? 0;
        if (e.physics?.dynamic !== false && release > 0 && t >= release && !body.isDynamic()) {
          body.setBodyType(rapier().RigidBodyType.Dynamic, true);
          launch(body, e, start.velocity);
        }
        if (env.water && body.isDynamic()) {
          const lowest = applyWater(body, shapes[b]!, env, t);
          if (lowest < 0 && waterEntry[b] === undefined) waterEntry[b] = t;
        }
      });
      for (const v of vehicles) {
        const pose = env.place(v.entity, t + STEP);
        v.body.setNextKinematicTranslation({
          x: pose.position.x,
          y: pose.position.y + v.lift,
          z: pose.position.z,
        });
        v.body.setNextKinematicRotation(yaw(pose.heading));
      }
      world.step(events);
      events.drainCollisionEvents((h1, h2, started) => {
        if (!started) return;
        for (const h of [h1, h2]) {
          const b = byCollider.get(h);
          if (b !== undefined && firstContact[b] === undefined) firstContact[b] = i * STEP;
        }
      });
      record(i);
    }
    const props = entities.map((entity, i) => ({
      entity,
      shape: shapes[i]!,
      firstContact: firstContact[i],
      waterEntry: waterEntry[i],
    }));
    return new ShotPhysics(steps + 1, props, tracks, env);
  } finally {
    events.free();
    world.free();
  }
}

function launch(body: RigidBody, e: Entity, carried: V3): void {
  const v = e.physics?.velocity ?? { x: 0, y: 0, z: 0 };
  const w = e.physics?.spin;
  body.setLinvel({ x: carried.x + v.x, y: carried.y + v.y, z: carried.z + v.z }, true);
  if (w) body.setAngvel(w, true);
}

interface Start {
  position: V3;
  heading: number;
  /** Velocity it has from what carries it (a moving truck), before its own launch velocity. */
  velocity: V3;
}

/**
 * Where a prop starts: its plan y is the height of its lowest point above the ground (or above the
 * water at rest); on a vehicle, its position is an offset in the vehicle's frame above its roof,
 * and it moves off at the vehicle's speed.
 */
function startOf(e: Entity, shape: PropShape, env: Environment, vehicles: readonly Kinematic[]): Start {
  const below = shapeDepthBelowCentre(shape);
  const carrier = e.physics?.on ? vehicles.find((v) => v.entity.id === e.physics!.on) : undefined;
  if (carrier) {
    const now = env.place(carrier.entity, 0);
    const next = env.place(carrier.entity, STEP);
    const offset = rotateY({ x: e.position.x, y: 0, z: e.position.z }, now.heading);
    return {
      position: {
        x: now.position.x + offset.x,
        y: now.position.y + carrier.top + e.position.y + below,
        z: now.position.z + offset.z,
      },
      heading: now.heading + deg(e.headingDeg),
      velocity: {
        x: (next.position.x - now.position.x) / STEP,
        y: (next.position.y - now.position.y) / STEP,
        z: (next.position.z - now.position.z) / STEP,
      },
    };
  }
  const { x, z } = e.position;
  const base = env.water ? Math.max(0, env.groundAt(x, z)) : env.groundAt(x, z);
  return {
    position: { x, y: base + e.position.y + below, z },
    heading: deg(e.headingDeg),
    velocity: { x: 0, y: 0, z: 0 },
  };
}
