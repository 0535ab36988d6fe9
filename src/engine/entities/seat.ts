/**
 * What a sitting person sits on, drawn with them: a park bench (seat and back of slats on two end
 * frames) or a chair. The ground needs nothing. Built in the person's frame, so the seat turns with
 * them, from flat-shaded boxes like the vehicles.
 */
import type { Seat } from '../../plan/index.ts';
import { hex, type Rgb } from '../color.ts';
import type { Ctx } from '../frame.ts';
import { fogAmount, type Palette } from '../palette.ts';
import { add, rotateY, scale, type V3 } from '../vec.ts';
import type { View } from '../view.ts';
import { fillFaces, hexahedronFaces, orientedBox, type Axes, type Face } from './solid.ts';

/** Height of a seat's top above the ground, metres at scale 1. */
export const SEAT_HEIGHT: Record<Seat, number> = { ground: 0, bench: 0.45, chair: 0.46 };

const WOOD: Rgb = hex('#6e4a2c');
const IRON: Rgb = hex('#23262a');

/** One box in the person's frame: centre (x across, y up, z forward) and half extents, in metres. */
type Part = readonly [
  centre: readonly [number, number, number],
  half: readonly [number, number, number],
  Rgb,
];

function parts(seat: Exclude<Seat, 'ground'>): { under: Part[]; back: Part[] } {
  const h = SEAT_HEIGHT[seat];
  if (seat === 'bench') {
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
  }
  return {
    under: [
      [[0, h - 0.025, -0.02], [0.23, 0.025, 0.22], WOOD],
      ...[-0.19, 0.19].flatMap((x) =>
        [-0.19, 0.15].map((z): Part => [[x, (h - 0.05) / 2, z], [0.02, (h - 0.05) / 2, 0.02], WOOD]),
      ),
    ],
    back: [[[0, h + 0.25, -0.23], [0.22, 0.2, 0.02], WOOD]],
  };
}

export interface SeatDrawing {
  /** The seat and its legs: drawn before the sitter. */
  drawUnder(ctx: Ctx): void;
  /** The back: drawn before the sitter when it is farther from the camera than their chest, else after. */
  drawBack(ctx: Ctx): void;
  readonly backDepth: number;
}

/** The seat under a person at `position` facing `heading` (radians), scaled by `k`, or undefined. */
export function seatDrawing(
  view: View,
  palette: Palette,
  seat: Seat,
  position: V3,
  heading: number,
  k: number,
): SeatDrawing | undefined {
  if (seat === 'ground') return undefined;
  const axes: Axes = {
    u: rotateY({ x: 1, y: 0, z: 0 }, heading),
    v: { x: 0, y: 1, z: 0 },
    w: rotateY({ x: 0, y: 0, z: 1 }, heading),
  };
  const at = ([x, y, z]: readonly [number, number, number]): V3 =>
    add(add(add(position, scale(axes.u, x * k)), scale(axes.v, y * k)), scale(axes.w, z * k));
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
