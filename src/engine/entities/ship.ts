import { fillPolygon } from '../polygon.ts';
import type { Entity } from '../../plan/index.ts';
import type { Pose } from '../camera-rig.ts';
import { css, hex, mixRgb } from '../color.ts';
import type { Drawable, FrameContext } from '../frame.ts';
import { fogAmount } from '../palette.ts';
import { add, rotateY, sub, type V3 } from '../vec.ts';

const KEEL_Y = -0.8;
const DECK_HEIGHT = 3.6;
const STERN_Z = -18;
const BOW_Z = 21;
/** The hull's side in profile (z, y), stern to bow along the keel and back along the gunwale. */
const HULL_TOP: readonly (readonly [number, number])[] = [
  [STERN_Z, DECK_HEIGHT + 0.6],
  [-6, DECK_HEIGHT],
  [10, DECK_HEIGHT],
  [BOW_Z, DECK_HEIGHT + 0.4],
];
const HULL: readonly (readonly [number, number])[] = [
  [STERN_Z, KEEL_Y],
  [12, KEEL_Y],
  [18, 1],
  ...[...HULL_TOP].reverse(),
];
/** Half the hull's width along its length: full amidships, narrowing to the stem. */
const halfBeam = (z: number): number =>
  z <= 6 ? 3.4 : 3.4 * Math.max(0.08, 1 - ((z - 6) / (BOW_Z - 6)) ** 1.6);

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
        const fill = (pts: V3[], color: string) => fillPolygon(ctx, view, pts, color);
        /** A face in a hex colour, veiled by fog like everything at this distance. */
        const poly = (pts: V3[], color: string) => fill(pts, css(mixRgb(hex(color), palette.fog, fog)));
        // The hull as a solid seen from any side: far planking, deck, transom, near planking, in the
        // order a painter would lay them for where the camera stands (ship-local coordinates).
        const hullColor = hex(entity.traits.color ?? '#2a1c12');
        const tone = (k: number) => css(mixRgb(mixRgb(hullColor, hex('#000000'), k), palette.fog, fog));
        const eye = rotateY(sub(view.position, pose.position), -pose.heading);
        const side = (sign: number) => HULL.map(([z, y]) => local(sign * halfBeam(z), y, z));
        const deck = [
          ...HULL_TOP.map(([z, y]) => local(-halfBeam(z), y, z)),
          ...[...HULL_TOP].reverse().map(([z, y]) => local(halfBeam(z), y, z)),
        ];
        const near = eye.x >= 0 ? 1 : -1;
        fill(side(-near), tone(0.45));
        if (eye.y / s > DECK_HEIGHT) fill(deck, css(mixRgb(hex('#6b5038'), palette.fog, fog)));
        if (eye.z / s < STERN_Z)
          fill(
            [
              local(-halfBeam(STERN_Z), KEEL_Y, STERN_Z),
              local(halfBeam(STERN_Z), KEEL_Y, STERN_Z),
              local(halfBeam(STERN_Z), DECK_HEIGHT + 0.6, STERN_Z),
              local(-halfBeam(STERN_Z), DECK_HEIGHT + 0.6, STERN_Z),
            ],
            tone(0.25),
          );
        fill(side(near), tone(0));
        // The bowsprit, angled up and forward from the stem.
        const stem = view.project(local(0, DECK_HEIGHT - 0.2, BOW_Z));
        const tip = view.project(local(0, DECK_HEIGHT + 2.5, BOW_Z + 8));
        if (stem && tip) {
          ctx.strokeStyle = css(mixRgb(hex('#1c130c'), palette.fog, fog));
          ctx.lineWidth = Math.max(1, (0.25 * s * view.focal) / Math.max(1, view.depthOf(pose.position)));
          ctx.beginPath();
          ctx.moveTo(stem.x, stem.y);
          ctx.lineTo(tip.x, tip.y);
          ctx.stroke();
        }
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
