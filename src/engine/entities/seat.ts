/**
 * What someone sits or lies on, drawn with them: a park bench (a seat and back of slats on two iron
 * end frames), a chair, a sofa or a bed. The ground needs nothing. Built from flat-shaded boxes like
 * the vehicles, in a frame of the furniture's own: x along it (a bench's length, a bed from foot to
 * head), y up, z out of its front (its back, if any, at −z).
 */
import type { Seat } from '../../plan/index.ts';
import { hex, type Rgb } from '../color.ts';
import type { Ctx } from '../frame.ts';
import { fogAmount, type Palette } from '../palette.ts';
import { add, rotateY, scale, type V3 } from '../vec.ts';
import type { View } from '../view.ts';
import { fillFaces, hexahedronFaces, orientedBox, type Axes, type Face } from './solid.ts';

/** Height of a seat's (or bed's) top above the ground, metres at scale 1. */
export const SEAT_HEIGHT: Record<Seat, number> = {
  ground: 0,
  bench: 0.45,
  chair: 0.46,
  sofa: 0.44,
  bed: 0.52,
};

const WOOD: Rgb = hex('#6e4a2c');
const IRON: Rgb = hex('#23262a');
const FABRIC: Rgb = hex('#5b6b7a');
const LINEN: Rgb = hex('#e8e4dc');

/** One box: centre (along, up, front) and half extents, in metres, and its colour. */
type Part = readonly [
  centre: readonly [number, number, number],
  half: readonly [number, number, number],
  Rgb,
];

/** The furniture's boxes: those under whoever uses it, and its back (drawn by depth). */
function parts(seat: Exclude<Seat, 'ground'>): { under: Part[]; back: Part[] } {
  const h = SEAT_HEIGHT[seat];
  switch (seat) {
    case 'bench':
      return {
        under: [
          [[0, h - 0.025, -0.03], [0.75, 0.025, 0.21], WOOD],
          ...[-0.62, 0.62].map((x): Part => [[x, (h - 0.05) / 2, -0.03], [0.03, (h - 0.05) / 2, 0.18], IRON]),
        ],
        back: [
          [[0, h + 0.3, -0.25], [0.75, 0.13, 0.02], WOOD],
          ...[-0.62, 0.62].map((x): Part => [[x, h + 0.2, -0.24], [0.03, 0.22, 0.02], IRON]),
        ],
      };
    case 'chair':
      return {
        under: [
          [[0, h - 0.025, -0.02], [0.23, 0.025, 0.22], WOOD],
          ...[-0.19, 0.19].flatMap((x) =>
            [-0.19, 0.15].map((z): Part => [[x, (h - 0.05) / 2, z], [0.02, (h - 0.05) / 2, 0.02], WOOD]),
          ),
        ],
        back: [[[0, h + 0.25, -0.23], [0.22, 0.2, 0.02], WOOD]],
      };
    case 'sofa':
      return {
        under: [
          [[0, (h + 0.08) / 2, 0], [1.0, (h - 0.08) / 2, 0.44], FABRIC],
          ...[-1.09, 1.09].map((x): Part => [[x, 0.35, 0], [0.09, 0.27, 0.44], FABRIC]),
        ],
        back: [[[0, h + 0.22, -0.34], [1.0, 0.22, 0.1], FABRIC]],
      };
    case 'bed':
      return {
        under: [
          [[0, 0.2, 0], [1.05, 0.12, 0.74], WOOD],
          [[0, 0.43, 0], [1.0, 0.09, 0.72], LINEN],
          // The pillow at the head end (+x).
          [[0.8, h + 0.05, 0], [0.16, 0.05, 0.34], LINEN],
        ],
        back: [[[1.08, 0.55, 0], [0.04, 0.45, 0.76], WOOD]],
      };
  }
}

export interface SeatDrawing {
  /** The seat or bed and its legs: drawn before whoever is on it. */
  drawUnder(ctx: Ctx): void;
  /** The back (a headboard): drawn before whoever is on it when it is the farther, else after. */
  drawBack(ctx: Ctx): void;
  readonly backDepth: number;
}

/**
 * Where the furniture stands, relative to whoever uses it (at `position`, facing `heading`):
 * - `sit`: its length across them, its front toward where they face;
 * - `lie-back`: a person lying back from where their feet are, the head end behind them;
 * - `lie-centred`: an animal lying on it, along it, the head end ahead.
 */
export type SeatLayout = 'sit' | 'lie-back' | 'lie-centred';

/** The furniture under someone at `position` facing `heading` (radians), scaled by `k`, or undefined. */
export function seatDrawing(
  view: View,
  palette: Palette,
  seat: Seat,
  position: V3,
  heading: number,
  k: number,
  layout: SeatLayout = 'sit',
): SeatDrawing | undefined {
  if (seat === 'ground') return undefined;
  const right = rotateY({ x: 1, y: 0, z: 0 }, heading);
  const forward = rotateY({ x: 0, y: 0, z: 1 }, heading);
  const axes: Axes =
    layout === 'sit'
      ? { u: right, v: { x: 0, y: 1, z: 0 }, w: forward }
      : layout === 'lie-back'
        ? { u: scale(forward, -1), v: { x: 0, y: 1, z: 0 }, w: right }
        : { u: forward, v: { x: 0, y: 1, z: 0 }, w: right };
  const origin = layout === 'lie-back' ? add(position, scale(forward, -0.85 * k)) : position;
  const at = ([x, y, z]: readonly [number, number, number]): V3 =>
    add(add(add(origin, scale(axes.u, x * k)), scale(axes.v, y * k)), scale(axes.w, z * k));
  const { under, back } = parts(seat);
  const faces = (list: Part[]) => {
    const out: Face[] = [];
    for (const [centre, [hx, hy, hz], color] of list)
      hexahedronFaces(
        view,
        palette.sunDir,
        orientedBox(at(centre), axes, hx * k, hy * k, hz * k),
        color,
        out,
      );
    return out;
  };
  const fog = fogAmount(palette, view.depthOf(position));
  return {
    drawUnder: (ctx) => fillFaces(ctx, view, palette, faces(under), fog, 0.2),
    drawBack: (ctx) => fillFaces(ctx, view, palette, faces(back), fog, 0.2),
    backDepth: view.depthOf(at(back[0]![0])),
  };
}
