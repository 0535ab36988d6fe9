/**
 * A height-field surface's bands painted straight into pixels (AssemblyScript, compiled by
 * `npm run build:wasm` into src/engine/kernels/bands-wasm.ts). Skia fills each band as a dozen
 * gradient strips: at 480p that cost ~4 ms a frame of the sea, nearly all of it per-fill overhead.
 * Here a band is a run of pixels per column, coloured from a per-column table.
 *
 * The caller owns the memory layout (src/engine/kernels/bands-kernel.ts); nothing here allocates.
 * Bands run far (k = 0) to near; near ones are painted over far ones. Tables, per band k and column c
 * (the rolled frame's column u0 + c, sampled at its centre), `nb × nu` entries each:
 *   edges  f32: the band's top edge (its far row) in the rolled frame's y;
 *   reach  f32: the lowest top edge of this band and every nearer one (a suffix minimum), so that the
 *          band showing at height v is the last k whose reach is at or above v: a monotone search;
 *   colors u32: the band's colour there, RGBA in memory order, opaque.
 * The plate is `rows` rows of RGBA, device rows `top`… of a frame `width` wide; pixels above the far
 * edge are left as they are (the caller clears them: transparent), and so are the
 * pixels of each row's `skip` span (x from, x to: i32 pairs), which something opaque will cover. Device
 * and rolled frames differ by the camera's roll about the frame's centre (cx, cy).
 */

/**
 * A polyline's y at the centre of each column u0 + c (c < nu), linear between its points (xs, ys: f32,
 * x increasing), level past its ends; into `out` (f32).
 */
export function sampleEdge(out: usize, xs: usize, ys: usize, n: i32, u0: f32, nu: i32): void {
  let j = 0;
  for (let c = 0; c < nu; c++) {
    const u: f32 = u0 + <f32>c + 0.5;
    while (j + 2 < n && load<f32>(xs + (<usize>(j + 1) << 2)) <= u) j++;
    const ax = load<f32>(xs + (<usize>j << 2));
    const ay = load<f32>(ys + (<usize>j << 2));
    const k = j + 1 < n ? j + 1 : j;
    const bx = load<f32>(xs + (<usize>k << 2));
    const by = load<f32>(ys + (<usize>k << 2));
    let f: f32 = 0;
    if (bx > ax) f = Mathf.min(1, Mathf.max(0, (u - ax) / (bx - ax)));
    store<f32>(out + (<usize>c << 2), ay + (by - ay) * f);
  }
}

/**
 * A band's colour at the centre of each column: its stops (xs: f32; colors: u32 RGBA, opaque) with the
 * colour running linearly between them, rounded, and level past the ends; into `out` (u32).
 */
export function sampleColors(out: usize, xs: usize, colors: usize, n: i32, u0: f32, nu: i32): void {
  let j = 0;
  for (let c = 0; c < nu; c++) {
    const u: f32 = u0 + <f32>c + 0.5;
    while (j + 1 < n && load<f32>(xs + (<usize>(j + 1) << 2)) <= u) j++;
    const ax = load<f32>(xs + (<usize>j << 2));
    const a = load<u32>(colors + (<usize>j << 2));
    let color = a;
    if (j + 1 < n) {
      const bx = load<f32>(xs + (<usize>(j + 1) << 2));
      if (bx - ax >= 0.5) {
        const b = load<u32>(colors + (<usize>(j + 1) << 2));
        const f = Mathf.min(1, Mathf.max(0, (u - ax) / (bx - ax)));
        color = lerpChannel(a, b, f, 0) | (lerpChannel(a, b, f, 8) << 8) | (lerpChannel(a, b, f, 16) << 16) | 0xff000000;
      }
    }
    store<u32>(out + (<usize>c << 2), color);
  }
}

@inline
function lerpChannel(a: u32, b: u32, f: f32, shift: u32): u32 {
  const x = <f32>((a >> shift) & 0xff);
  const y = <f32>((b >> shift) & 0xff);
  return <u32>Mathf.floor(x + (y - x) * f + 0.5);
}

/** reach[k] = min(edges[k], reach[k + 1]) for every column, nearest band first (see above). */
export function suffixMinima(reach: usize, edges: usize, nb: i32, nu: i32): void {
  const last = <usize>((nb - 1) * nu) << 2;
  memory.copy(reach + last, edges + last, <usize>nu << 2);
  for (let k = nb - 2; k >= 0; k--) {
    const row = <usize>(k * nu) << 2;
    const next = row + (<usize>nu << 2);
    for (let c = 0; c < nu; c++) {
      const at = <usize>c << 2;
      store<f32>(reach + row + at, Mathf.min(load<f32>(edges + row + at), load<f32>(reach + next + at)));
    }
  }
}

@inline
function blend(behind: u32, color: u32, w: u32): u32 {
  const iw = 256 - w;
  const r = ((behind & 0xff) * iw + (color & 0xff) * w) >> 8;
  const g = (((behind >> 8) & 0xff) * iw + ((color >> 8) & 0xff) * w) >> 8;
  const b = (((behind >> 16) & 0xff) * iw + ((color >> 16) & 0xff) * w) >> 8;
  return r | (g << 8) | (b << 16) | 0xff000000;
}

export function paintBands(
  plate: usize,
  width: i32,
  rows: i32,
  top: i32,
  edges: usize,
  reach: usize,
  colors: usize,
  nb: i32,
  nu: i32,
  u0: f32,
  cos: f32,
  sin: f32,
  cx: f32,
  cy: f32,
  skip: usize,
): void {
  let vis: i32 = -1;
  for (let y = 0; y < rows; y++) {
    const skipFrom = load<i32>(skip + (<usize>y << 3));
    const skipTo = load<i32>(skip + (<usize>y << 3), 4);
    // The rolled frame's coordinates of this row's first pixel; each pixel to the right adds
    // (cos, −sin).
    const dy: f32 = <f32>(top + y) + 0.5 - cy;
    const dx: f32 = 0.5 - cx;
    let u: f32 = cx + dx * cos + dy * sin - u0;
    // v is the pixel's bottom edge: a band shows in every pixel it covers any of.
    let v: f32 = cy - dx * sin + dy * cos + 0.5;
    let p = plate + ((<usize>y * <usize>width) << 2);
    for (let x = 0; x < width; x++) {
      if (x === skipFrom && skipTo > skipFrom) {
        const n = skipTo - x;
        u += cos * <f32>n;
        v -= sin * <f32>n;
        p += <usize>n << 2;
        x = skipTo - 1;
        continue;
      }
      let c = <i32>Mathf.floor(u);
      if (c < 0) c = 0;
      else if (c >= nu) c = nu - 1;
      while (vis + 1 < nb && load<f32>(reach + ((<usize>((vis + 1) * nu + c)) << 2)) <= v) vis++;
      while (vis >= 0 && load<f32>(reach + ((<usize>(vis * nu + c)) << 2)) > v) vis--;
      if (vis >= 0) {
        const at = (<usize>(vis * nu + c)) << 2;
        const color = load<u32>(colors + at);
        // The share of this pixel below the band's top edge: its antialiasing. Near the edge, the edge
        // is taken between the two nearest column centres, or sloping edges would show each column's
        // step; deeper in the band (most pixels) the column's own edge settles it.
        const e0 = load<f32>(edges + at);
        let cover = v - e0;
        if (cover < 2) {
          const f = u - <f32>c - 0.5;
          const side = f < 0 ? (c > 0 ? -4 : 0) : c + 1 < nu ? 4 : 0;
          cover = v - (e0 + (load<f32>(edges + at + <usize>side) - e0) * Mathf.abs(f));
        }
        if (cover >= 1) store<u32>(p, color);
        else {
          // Over whatever shows behind the edge: the nearest farther band whose edge is above, or the
          // plate's own pixel (transparent: what lies behind the surface is on the canvas already).
          let behind = load<u32>(p);
          for (let k = vis - 1; k >= 0; k--) {
            const j = (<usize>(k * nu + c)) << 2;
            if (load<f32>(edges + j) <= v) {
              behind = load<u32>(colors + j);
              break;
            }
          }
          const w = <u32>(cover * 256);
          // Nothing of the surface behind (the far edge itself): the edge's coverage becomes alpha.
          store<u32>(p, behind >> 24 ? blend(behind, color, w) : (color & 0xffffff) | (min(w, 255) << 24));
        }
      }
      u += cos;
      v -= sin;
      p += 4;
    }
  }
}
