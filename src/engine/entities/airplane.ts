import type { Entity } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import type { Drawable, FrameContext, World } from '../frame.ts';
export function airplaneDrawables(_fc: FrameContext, _entity: Entity, _pose: Pose, _world: World): Drawable[] {
  return [];
}
