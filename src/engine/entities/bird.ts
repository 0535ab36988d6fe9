import type { Entity } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb } from '../color.ts';
import type { Drawable, FrameContext } from '../frame.ts';
import { fogAmount } from '../palette.ts';

/** A bird in flight: a gliding V whose wings beat and bank; it bobs with each downstroke. */
export function birdDrawables(fc: FrameContext, entity: Entity, pose: Pose): Drawable[] {
  const p = pose.position;
  const flap = Math.sin(fc.t * 7 + entity.position.x);
  const centre = { x: p.x, y: p.y + flap * 0.15, z: p.z };
  return [
    {
      depth: fc.view.depthOf(centre),
      draw: ({ ctx, view, palette }) => {
        const c = view.project(centre);
        if (!c) return;
        const span = 1.1 * entity.traits.scale * c.scale;
        const lift = flap * span * 0.45;
        ctx.strokeStyle = css(
          mixRgb(hex(entity.traits.color ?? '#1a1a1a'), palette.fog, fogAmount(palette, c.depth)),
        );
        ctx.lineWidth = Math.max(1, span * 0.12);
        ctx.lineCap = 'round';
        ctx.beginPath();
        ctx.moveTo(c.x - span, c.y - lift);
        ctx.quadraticCurveTo(c.x - span * 0.4, c.y - lift * 0.2 - span * 0.15, c.x, c.y);
        ctx.quadraticCurveTo(c.x + span * 0.4, c.y - lift * 0.2 - span * 0.15, c.x + span, c.y - lift);
        ctx.stroke();
      },
    },
  ];
}
