/**
 * The rigid props and their exact collision geometry, in the body's own frame (metres, y up, the
 * centre of the shape at the origin). What is drawn is what collides: a crate is the box, a barrel
 * the cylinder, a rock the convex polytope whose faces are drawn.
 */
import type { Entity, EntityKind } from '../../plan/index.ts';
import { rng } from '../../lib/random.ts';
import type { V3 } from '../vec.ts';

export const PROP_KINDS = ['crate', 'ball', 'barrel', 'rock'] as const;
export type PropKind = (typeof PROP_KINDS)[number];

export function isProp(kind: EntityKind): kind is PropKind {
  return (PROP_KINDS as readonly string[]).includes(kind);
}

export type PropShape =
  | { readonly type: 'box'; readonly half: V3 }
  | { readonly type: 'ball'; readonly radius: number }
  /** A cylinder standing on its axis, the body's y. */
  | { readonly type: 'cylinder'; readonly radius: number; readonly halfHeight: number }
  /** A convex polytope: its corners and outward-wound triangles (indices into `points`). */
  | {
      readonly type: 'hull';
      readonly points: readonly V3[];
      readonly triangles: readonly (readonly number[])[];
    };

export interface PropMaterial {
  /** kg/m³: water is 1000, so anything lighter floats. */
  density: number;
  restitution: number;
  friction: number;
}

/** Wood crates and barrels float high, a rubber ball bounces, rock sinks. */
const MATERIALS: Record<PropKind, PropMaterial> = {
  crate: { density: 350, restitution: 0.15, friction: 0.7 },
  ball: { density: 120, restitution: 0.78, friction: 0.6 },
  barrel: { density: 380, restitution: 0.25, friction: 0.6 },
  rock: { density: 2600, restitution: 0.1, friction: 0.9 },
};

/** Density of a prop told to float or sink against its kind's nature. */
const FORCED_FLOAT = 450;
const FORCED_SINK = 1800;

export function propMaterial(entity: Entity & { kind: PropKind }): PropMaterial {
  const base = MATERIALS[entity.kind];
  const floats = entity.physics?.floats;
  const density =
    floats === true && base.density >= 1000
      ? FORCED_FLOAT
      : floats === false && base.density < 1000
        ? FORCED_SINK
        : base.density;
  return { ...base, density, restitution: entity.physics?.restitution ?? base.restitution };
}

// A regular icosahedron: 12 corners, 20 triangles wound outward.
const PHI = (1 + Math.sqrt(5)) / 2;
const ICOSA_POINTS: readonly V3[] = [
  [-1, PHI, 0],
  [1, PHI, 0],
  [-1, -PHI, 0],
  [1, -PHI, 0],
  [0, -1, PHI],
  [0, 1, PHI],
  [0, -1, -PHI],
  [0, 1, -PHI],
  [PHI, 0, -1],
  [PHI, 0, 1],
  [-PHI, 0, -1],
  [-PHI, 0, 1],
].map(([x, y, z]) => {
  const n = Math.hypot(x!, y!, z!);
  return { x: x! / n, y: y! / n, z: z! / n };
});
const ICOSA_TRIANGLES: readonly (readonly number[])[] = [
  [0, 11, 5],
  [0, 5, 1],
  [0, 1, 7],
  [0, 7, 10],
  [0, 10, 11],
  [1, 5, 9],
  [5, 11, 4],
  [11, 10, 2],
  [10, 7, 6],
  [7, 1, 8],
  [3, 9, 4],
  [3, 4, 2],
  [3, 2, 6],
  [3, 6, 8],
  [3, 8, 9],
  [4, 9, 5],
  [2, 4, 11],
  [6, 2, 10],
  [8, 6, 7],
  [9, 8, 1],
];

/**
 * A rock: an icosahedron squashed and sheared by a random linear map. A linear map keeps a convex
 * polytope convex with the same faces, so the drawn facets are exactly the collider's.
 */
function rockShape(seed: number, id: string, size: number): PropShape {
  const random = rng(seed, `rock:${id}`);
  const sx = size * (0.5 + random() * 0.2);
  const sy = size * (0.32 + random() * 0.12);
  const sz = size * (0.42 + random() * 0.2);
  const shearXY = (random() - 0.5) * 0.5;
  const shearZY = (random() - 0.5) * 0.5;
  const shearXZ = (random() - 0.5) * 0.4;
  const points = ICOSA_POINTS.map((p) => ({
    x: sx * (p.x + shearXZ * p.z),
    y: sy * (p.y + shearXY * p.x + shearZY * p.z),
    z: sz * p.z,
  }));
  return { type: 'hull', points, triangles: ICOSA_TRIANGLES };
}

/** The prop's collision (and drawing) geometry at its scale. */
export function propShape(entity: Entity & { kind: PropKind }, seed: number): PropShape {
  const k = entity.traits.scale;
  switch (entity.kind) {
    case 'crate':
      return { type: 'box', half: { x: 0.4 * k, y: 0.4 * k, z: 0.4 * k } };
    case 'ball':
      return { type: 'ball', radius: 0.25 * k };
    case 'barrel':
      return { type: 'cylinder', radius: 0.3 * k, halfHeight: 0.44 * k };
    case 'rock':
      return rockShape(seed, entity.id, k);
    default: {
      const never: never = entity.kind;
      throw new Error(`no shape for prop kind ${String(never)}`);
    }
  }
}

export function shapeVolume(shape: PropShape): number {
  switch (shape.type) {
    case 'box':
      return 8 * shape.half.x * shape.half.y * shape.half.z;
    case 'ball':
      return (4 / 3) * Math.PI * shape.radius ** 3;
    case 'cylinder':
      return 2 * Math.PI * shape.radius ** 2 * shape.halfHeight;
    case 'hull': {
      // Sum of the tetrahedra from the centre to each outward face.
      let v = 0;
      for (const [a, b, c] of shape.triangles) {
        const p = shape.points[a!]!;
        const q = shape.points[b!]!;
        const r = shape.points[c!]!;
        v +=
          (p.x * (q.y * r.z - q.z * r.y) - p.y * (q.x * r.z - q.z * r.x) + p.z * (q.x * r.y - q.y * r.x)) / 6;
      }
      return Math.abs(v);
    }
  }
}

/** Half extents of the shape's box in its own frame: where the buoyancy samples lie. */
export function shapeHalfExtents(shape: PropShape): V3 {
  switch (shape.type) {
    case 'box':
      return shape.half;
    case 'ball':
      return { x: shape.radius, y: shape.radius, z: shape.radius };
    case 'cylinder':
      return { x: shape.radius, y: shape.halfHeight, z: shape.radius };
    case 'hull': {
      const m = { x: 0, y: 0, z: 0 };
      for (const p of shape.points) {
        m.x = Math.max(m.x, Math.abs(p.x));
        m.y = Math.max(m.y, Math.abs(p.y));
        m.z = Math.max(m.z, Math.abs(p.z));
      }
      return m;
    }
  }
}

/** How far the shape reaches below its centre when upright (a heading turns it about y only). */
export function shapeDepthBelowCentre(shape: PropShape): number {
  return shape.type === 'hull' ? -Math.min(...shape.points.map((p) => p.y)) : shapeHalfExtents(shape).y;
}
