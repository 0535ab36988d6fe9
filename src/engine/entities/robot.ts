import type { Entity } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import type { Drawable, FrameContext } from '../frame.ts';
export function robotDrawables(_fc: FrameContext, _entity: Entity, _pose: Pose): Drawable[] {
  return [];
}
