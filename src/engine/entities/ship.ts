import type { Entity } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb } from '../color.ts';
import type { Drawable, FrameContext } from '../frame.ts';
import { fogAmount } from '../palette.ts';
import { rotateY, add, type V3 } from '../vec.ts';

/** A sailing ship at a distance: hull, three masts and square sails, pitching on the swell. */
export function shipDrawables(fc: FrameContext, entity: Entity, pose: Pose): Drawable[] {
  const s = entity.traits.scale * 1.0;
  const pitch = Math.sin(fc.t * 0.8 + entity.position.x) * 0.04;
  const local = (x: number, y: number, z: number): V3 =>
    add(pose.position, rotateY({ x: x * s, y: (y + z * pitch) * s, z: z * s }, pose.heading));
  return [
    {
      depth: fc.view.depthOf(pose.position),
      draw: ({ ctx, view, palette }) => {
        const fog = fogAmount(palette, view.depthOf(pose.position));
        const poly = (pts: V3[], color: string) => {
          const ps = pts.map((p) => view.project(p));
          if (ps.some((p) => !p)) return;
          ctx.fillStyle = css(mixRgb(hex(color), palette.fog, fog));
          ctx.beginPath();
          for (const p of ps) ctx.lineTo(p!.x, p!.y);
          ctx.closePath();
          ctx.fill();
        };
        poly(
          [local(-3, 0, -16), local(3, 0, -16), local(3.5, 3, -18), local(0, 3.5, 20), local(-3.5, 3, -18)],
          entity.traits.color ?? '#2a1c12',
        );
        for (const [z, h] of [
          [-9, 22],
          [1, 26],
          [10, 19],
        ] as const) {
          poly([local(-0.2, 3, z), local(0.2, 3, z), local(0.2, 3 + h, z), local(-0.2, 3 + h, z)], '#1c130c');
          for (const [y0, w] of [
            [0.3, 7],
            [0.62, 5.5],
          ] as const) {
            const y = 3 + h * y0;
            poly(
              [
                local(-w, y, z),
                local(w, y, z),
                local(w * 0.9, y + h * 0.27, z + 0.5),
                local(-w * 0.9, y + h * 0.27, z + 0.5),
              ],
              '#c9bfa6',
            );
          }
        }
      },
    },
  ];
}
