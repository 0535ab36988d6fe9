/**
 * A pinhole camera: world → screen projection. Roll is not part of the view; the frame renderer
 * rotates the canvas instead, so ship-mounted foreground stays level while the horizon rolls.
 */
import { deg } from '../lib/math.ts';
import { cross, normalize, sub, type V3 } from './vec.ts';

export interface Projected {
  x: number;
  y: number;
  /** Distance along the view direction, metres. */
  depth: number;
  /** Pixels per metre at that depth. */
  scale: number;
}

export class View {
  readonly forward: V3;
  readonly right: V3;
  readonly up: V3;
  readonly focal: number;
  readonly cx: number;
  readonly cy: number;
  readonly near = 0.2;

  constructor(
    readonly position: V3,
    lookAt: V3,
    fovDeg: number,
    readonly width: number,
    readonly height: number,
  ) {
    this.forward = normalize(sub(lookAt, position));
    const worldUp = { x: 0, y: 1, z: 0 };
    let right = cross(worldUp, this.forward);
    if (Math.hypot(right.x, right.y, right.z) < 1e-6) right = { x: 1, y: 0, z: 0 };
    this.right = normalize(right);
    this.up = cross(this.forward, this.right);
    this.focal = height / 2 / Math.tan(deg(fovDeg) / 2);
    this.cx = width / 2;
    this.cy = height / 2;
  }

  depthOf(p: V3): number {
    return (
      (p.x - this.position.x) * this.forward.x +
      (p.y - this.position.y) * this.forward.y +
      (p.z - this.position.z) * this.forward.z
    );
  }

  /** Projects a world point; undefined when it is behind the near plane. */
  project(p: V3): Projected | undefined {
    const dx = p.x - this.position.x;
    const dy = p.y - this.position.y;
    const dz = p.z - this.position.z;
    const depth = dx * this.forward.x + dy * this.forward.y + dz * this.forward.z;
    if (depth < this.near) return undefined;
    const sx = dx * this.right.x + dy * this.right.y + dz * this.right.z;
    const sy = dx * this.up.x + dy * this.up.y + dz * this.up.z;
    const scale = this.focal / depth;
    return { x: this.cx + sx * scale, y: this.cy - sy * scale, depth, scale };
  }

  /** Like project, but clamps points behind the camera to the near plane (for large polygons). */
  projectClamped(p: V3): Projected {
    return this.project(p) ?? this.project({ ...p, ...this.nearPoint(p) })!;
  }

  private nearPoint(p: V3): V3 {
    const depth = this.depthOf(p);
    const k = this.near * 1.01 - depth;
    return { x: p.x + this.forward.x * k, y: p.y + this.forward.y * k, z: p.z + this.forward.z * k };
  }

  /** Screen y of the horizon (a far point level with the camera in the view direction). */
  horizonY(): number {
    const h = normalize({ x: this.forward.x, y: 0, z: this.forward.z });
    const far = { x: this.position.x + h.x * 1e6, y: this.position.y, z: this.position.z + h.z * 1e6 };
    return this.project(far)?.y ?? -1e6;
  }

  /** Half extent of the view at a depth, in metres, horizontally (with margin for roll). */
  halfWidthAt(depth: number): number {
    return ((this.width / 2) * depth) / this.focal;
  }
}
