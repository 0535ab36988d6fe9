/**
 * The band painter (assembly/bands.ts) as one WebAssembly instance per surface and frame size: its
 * memory holds a plate of the frame's rows and the per-column tables, which the caller fills through
 * typed-array views and the kernel reads in place.
 */
import { BANDS_WASM } from './bands-wasm.ts';
import { instantiateKernel } from './instantiate.ts';

interface BandsExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  sampleEdge(out: number, xs: number, ys: number, n: number, u0: number, nu: number): void;
  sampleColors(out: number, xs: number, colors: number, n: number, u0: number, nu: number): void;
  suffixMinima(reach: number, edges: number, nb: number, nu: number): void;
  paintBands(
    plate: number,
    width: number,
    rows: number,
    top: number,
    edges: number,
    reach: number,
    colors: number,
    nb: number,
    nu: number,
    u0: number,
    cos: number,
    sin: number,
    cx: number,
    cy: number,
    skip: number,
  ): void;
}

const PAGE = 65536;
const align = (n: number) => (n + 15) & ~15;

/** A point of a band's top edge, in the rolled frame. */
export interface EdgePoint {
  readonly x: number;
  readonly y: number;
}

/** A colour stop across a band: at x (rolled frame), the colour packed RGBA in memory order. */
export interface PackedStop {
  readonly x: number;
  readonly rgba: number;
}

/**
 * One frame's bands, built up band by band, then painted: `begin`, `band` for each band far to near,
 * `paint`. The plate's memory is the caller's between `begin` and `paint` (to clear the rows above
 * the far edge) and after (to put it on the canvas).
 */
export class BandsKernel {
  private readonly kernel: BandsExports;
  private capacity = -1;
  private at = { edges: 0, reach: 0, colors: 0, skip: 0, xs: 0, values: 0 };
  private frame = { nb: 0, nu: 0, u0: 0, rows: 0 };
  /** Points or stops per band the scratch holds. */
  private readonly scratch = 1024;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.kernel = instantiateKernel<BandsExports>(BANDS_WASM);
  }

  /**
   * Starts a frame of `nb` bands over `nu` columns from the rolled frame's `u0`, on a plate of `rows`
   * rows: returns the plate and each plate row's span to leave unpainted (x from, x to), zeroed.
   */
  begin(nb: number, nu: number, u0: number, rows: number): { plate: Uint8ClampedArray; skip: Int32Array } {
    const entries = nb * nu;
    if (entries > this.capacity) {
      // Grown in steps, so a surface that gains a row next frame does not grow the memory again.
      this.capacity = Math.ceil((entries * 1.5) / 1024) * 1024;
      const edges = align(this.width * this.height * 4);
      const reach = align(edges + this.capacity * 4);
      const colors = align(reach + this.capacity * 4);
      const skip = align(colors + this.capacity * 4);
      const xs = align(skip + this.height * 8);
      const values = align(xs + this.scratch * 4);
      const end = values + this.scratch * 4;
      const memory = this.kernel.memory;
      memory.grow(Math.ceil(Math.max(0, end - memory.buffer.byteLength) / PAGE));
      this.at = { edges, reach, colors, skip, xs, values };
    }
    this.frame = { nb, nu, u0, rows };
    const { buffer } = this.kernel.memory;
    const skip = new Int32Array(buffer, this.at.skip, rows * 2);
    skip.fill(0);
    return { plate: new Uint8ClampedArray(buffer, 0, this.width * rows * 4), skip };
  }

  /** Band k's top edge (its far row, x increasing) and its colours across (x increasing). */
  band(k: number, edge: readonly EdgePoint[], stops: readonly PackedStop[]): void {
    const { nu, u0 } = this.frame;
    const offset = k * nu * 4;
    if (edge.length > this.scratch || stops.length > this.scratch) {
      throw new RangeError(`a band has at most ${this.scratch} points and stops`);
    }
    const { buffer } = this.kernel.memory;
    const xs = new Float32Array(buffer, this.at.xs, this.scratch);
    const ys = new Float32Array(buffer, this.at.values, this.scratch);
    for (let i = 0; i < edge.length; i++) {
      xs[i] = edge[i]!.x;
      ys[i] = edge[i]!.y;
    }
    this.kernel.sampleEdge(this.at.edges + offset, this.at.xs, this.at.values, edge.length, u0, nu);
    const rgba = new Uint32Array(buffer, this.at.values, this.scratch);
    for (let i = 0; i < stops.length; i++) {
      xs[i] = stops[i]!.x;
      rgba[i] = stops[i]!.rgba;
    }
    this.kernel.sampleColors(this.at.colors + offset, this.at.xs, this.at.values, stops.length, u0, nu);
  }

  /**
   * Paints the bands into the plate, whose first row is device row `top`, for a camera rolled by
   * `roll` radians about the frame's centre.
   */
  paint(top: number, roll: number): void {
    const { width, height, at } = this;
    const { nb, nu, u0, rows } = this.frame;
    this.kernel.suffixMinima(at.reach, at.edges, nb, nu);
    this.kernel.paintBands(
      0,
      width,
      rows,
      top,
      at.edges,
      at.reach,
      at.colors,
      nb,
      nu,
      u0,
      Math.cos(roll),
      Math.sin(roll),
      width / 2,
      height / 2,
      at.skip,
    );
  }
}
