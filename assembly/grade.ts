/**
 * The grade's hot loop in WebAssembly (AssemblyScript, compiled by `npm run build:wasm` into
 * src/engine/kernels/grade.wasm): RGBA in, graded I420 out, bit for bit what the JavaScript loop it
 * replaced computed (see src/engine/post.ts for the maths). The tone curve stays three table
 * lookups a pixel; everything after it runs four pixels a lane-wide SIMD step.
 *
 * The caller owns the memory layout (src/engine/kernels/grade-kernel.ts); nothing here allocates.
 * Tables, all at addresses the caller passes:
 *   lut   768 bytes: the red, green and blue tone curves;
 *   vx    u16 per column: the horizontal vignette ×256;
 *   vy    u16 per row: the vertical vignette ×256, times this frame's fade and flicker;
 *   tile  256 rows of TILE_STRIDE bytes: grain as Y steps (i8), each row's first 4 bytes repeated at
 *         its end so that four pixels' grain is one load wherever the row wraps;
 *   coef  9 i32: Y, Cb, Cr rows of the grade matrix in BT.709 limited range, ×2^14 (chroma ÷4).
 */

const TILE_STRIDE: i32 = 260;

@inline
function clampByte(v: i32): u8 {
  return <u8>(v < 0 ? 0 : v > 255 ? 255 : v);
}

/** Y of one pixel, as the scalar loop computes it. */
@inline
function lumaAt(r: i32, g: i32, b: i32, k: i32, grain: i32, YR: i32, YG: i32, YB: i32): i32 {
  return ((((YR * r + YG * g + YB * b) >> 8) * k + 8192) >> 14) + 16 + grain;
}

export function gradeI420(
  px: usize,
  width: i32,
  height: i32,
  out: usize,
  lut: usize,
  vx: usize,
  vy: usize,
  tile: usize,
  coef: usize,
  ox: i32,
  oy: i32,
): void {
  const YR = load<i32>(coef, 0);
  const YG = load<i32>(coef, 4);
  const YB = load<i32>(coef, 8);
  const UR = load<i32>(coef, 12);
  const UG = load<i32>(coef, 16);
  const UB = load<i32>(coef, 20);
  const VR = load<i32>(coef, 24);
  const VG = load<i32>(coef, 28);
  const VB = load<i32>(coef, 32);
  const lr = lut;
  const lg = lut + 256;
  const lb = lut + 512;
  const cw = width >> 1;
  const uBase = out + <usize>(width * height);
  const vBase = uBase + <usize>(cw * (height >> 1));
  const vecWidth = width & ~3;

  const yr = i32x4.splat(YR);
  const yg = i32x4.splat(YG);
  const yb = i32x4.splat(YB);
  // Chroma lanes: [U of block 0, U of block 1, V of block 0, V of block 1].
  const cr = i32x4(UR, UR, VR, VR);
  const cg = i32x4(UG, UG, VG, VG);
  const cb = i32x4(UB, UB, VB, VB);
  const round = i32x4.splat(8192);
  const sixteen = i32x4.splat(16);
  const mid = i32x4.splat(128);

  for (let y = 0; y < height; y += 2) {
    const ky0 = <i32>load<u16>(vy + (<usize>y << 1));
    const ky1 = <i32>load<u16>(vy + (<usize>(y + 1) << 1));
    const row0 = <usize>(y * width);
    const row1 = row0 + <usize>width;
    const t0 = tile + <usize>(((y + oy) & 255) * TILE_STRIDE);
    const t1 = tile + <usize>(((y + 1 + oy) & 255) * TILE_STRIDE);
    const cu = uBase + <usize>((y >> 1) * cw);
    const cv = vBase + <usize>((y >> 1) * cw);
    const kyA = i32x4.splat(ky0);
    const kyB = i32x4.splat(ky1);
    const kySum = i32x4.splat(ky0 + ky1);

    let x = 0;
    for (; x < vecWidth; x += 4) {
      const a = px + ((row0 + <usize>x) << 2);
      const b = px + ((row1 + <usize>x) << 2);
      const a0 = load<u32>(a, 0);
      const a1 = load<u32>(a, 4);
      const a2 = load<u32>(a, 8);
      const a3 = load<u32>(a, 12);
      const b0 = load<u32>(b, 0);
      const b1 = load<u32>(b, 4);
      const b2 = load<u32>(b, 8);
      const b3 = load<u32>(b, 12);
      const rA = i32x4(
        load<u8>(lr + (a0 & 255)),
        load<u8>(lr + (a1 & 255)),
        load<u8>(lr + (a2 & 255)),
        load<u8>(lr + (a3 & 255)),
      );
      const gA = i32x4(
        load<u8>(lg + ((a0 >> 8) & 255)),
        load<u8>(lg + ((a1 >> 8) & 255)),
        load<u8>(lg + ((a2 >> 8) & 255)),
        load<u8>(lg + ((a3 >> 8) & 255)),
      );
      const bA = i32x4(
        load<u8>(lb + ((a0 >> 16) & 255)),
        load<u8>(lb + ((a1 >> 16) & 255)),
        load<u8>(lb + ((a2 >> 16) & 255)),
        load<u8>(lb + ((a3 >> 16) & 255)),
      );
      const rB = i32x4(
        load<u8>(lr + (b0 & 255)),
        load<u8>(lr + (b1 & 255)),
        load<u8>(lr + (b2 & 255)),
        load<u8>(lr + (b3 & 255)),
      );
      const gB = i32x4(
        load<u8>(lg + ((b0 >> 8) & 255)),
        load<u8>(lg + ((b1 >> 8) & 255)),
        load<u8>(lg + ((b2 >> 8) & 255)),
        load<u8>(lg + ((b3 >> 8) & 255)),
      );
      const bB = i32x4(
        load<u8>(lb + ((b0 >> 16) & 255)),
        load<u8>(lb + ((b1 >> 16) & 255)),
        load<u8>(lb + ((b2 >> 16) & 255)),
        load<u8>(lb + ((b3 >> 16) & 255)),
      );
      // Four u16 vignette factors, widened to i32 lanes.
      const kx = i32x4.extend_low_i16x8_u(v128.load64_zero(vx + (<usize>x << 1)));
      const kA = i32x4.shr_s(i32x4.mul(kx, kyA), 8);
      const kB = i32x4.shr_s(i32x4.mul(kx, kyB), 8);
      const gx = <usize>((x + ox) & 255);
      const grainA = i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(v128.load32_zero(t0 + gx)));
      const grainB = i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(v128.load32_zero(t1 + gx)));

      const lumA = i32x4.shr_s(
        i32x4.add(i32x4.add(i32x4.mul(yr, rA), i32x4.mul(yg, gA)), i32x4.mul(yb, bA)),
        8,
      );
      const lumB = i32x4.shr_s(
        i32x4.add(i32x4.add(i32x4.mul(yr, rB), i32x4.mul(yg, gB)), i32x4.mul(yb, bB)),
        8,
      );
      const yA = i32x4.add(
        i32x4.add(i32x4.shr_s(i32x4.add(i32x4.mul(lumA, kA), round), 14), sixteen),
        grainA,
      );
      const yB = i32x4.add(
        i32x4.add(i32x4.shr_s(i32x4.add(i32x4.mul(lumB, kB), round), 14), sixteen),
        grainB,
      );
      // Saturating narrows clamp to 0..255 as the scalar code does.
      const yBytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(yA, yB), i16x8.narrow_i32x4_s(yA, yB));
      v128.store32_lane(out + row0 + <usize>x, yBytes, 0);
      v128.store32_lane(out + row1 + <usize>x, yBytes, 1);

      // Each 2×2 block's colour sums, duplicated into [block 0, block 1, block 0, block 1].
      const sr = i32x4.add(rA, rB);
      const sg = i32x4.add(gA, gB);
      const sb = i32x4.add(bA, bB);
      const pr = i32x4.add(
        i32x4.shuffle(sr, sr, 0, 2, 0, 2),
        i32x4.shuffle(sr, sr, 1, 3, 1, 3),
      );
      const pg = i32x4.add(
        i32x4.shuffle(sg, sg, 0, 2, 0, 2),
        i32x4.shuffle(sg, sg, 1, 3, 1, 3),
      );
      const pb = i32x4.add(
        i32x4.shuffle(sb, sb, 0, 2, 0, 2),
        i32x4.shuffle(sb, sb, 1, 3, 1, 3),
      );
      // The block's vignette: the mean of its four pixels'.
      const kxPair = i32x4.add(i32x4.shuffle(kx, kx, 0, 2, 0, 2), i32x4.shuffle(kx, kx, 1, 3, 1, 3));
      const kBlock = i32x4.shr_s(i32x4.mul(kxPair, kySum), 10);
      const chroma = i32x4.shr_s(
        i32x4.add(i32x4.mul(cr, pr), i32x4.add(i32x4.mul(cg, pg), i32x4.mul(cb, pb))),
        8,
      );
      const uv = i32x4.add(i32x4.shr_s(i32x4.add(i32x4.mul(chroma, kBlock), round), 14), mid);
      const uvBytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(uv, uv), i16x8.narrow_i32x4_s(uv, uv));
      v128.store16_lane(cu + (<usize>x >> 1), uvBytes, 0);
      v128.store16_lane(cv + (<usize>x >> 1), uvBytes, 1);
    }

    // A width that is 2 mod 4 (854) leaves one block: the scalar path.
    for (; x < width; x += 2) {
      const kx0 = <i32>load<u16>(vx + (<usize>x << 1));
      const kx1 = <i32>load<u16>(vx + (<usize>(x + 1) << 1));
      const g0 = <usize>((x + ox) & 255);
      const g1 = <usize>((x + 1 + ox) & 255);
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let k = 0; k < 4; k++) {
        const dx = k & 1;
        const row = k < 2 ? row0 : row1;
        const p = load<u32>(px + ((row + <usize>(x + dx)) << 2));
        const r = <i32>load<u8>(lr + (p & 255));
        const g = <i32>load<u8>(lg + ((p >> 8) & 255));
        const b = <i32>load<u8>(lb + ((p >> 16) & 255));
        sr += r;
        sg += g;
        sb += b;
        const kk = ((dx ? kx1 : kx0) * (k < 2 ? ky0 : ky1)) >> 8;
        const grain = <i32>load<i8>((k < 2 ? t0 : t1) + (dx ? g1 : g0));
        store<u8>(out + row + <usize>(x + dx), clampByte(lumaAt(r, g, b, kk, grain, YR, YG, YB)));
      }
      const k = ((kx0 + kx1) * (ky0 + ky1)) >> 10;
      store<u8>(cu + (<usize>x >> 1), clampByte(((((UR * sr + UG * sg + UB * sb) >> 8) * k + 8192) >> 14) + 128));
      store<u8>(cv + (<usize>x >> 1), clampByte(((((VR * sr + VG * sg + VB * sb) >> 8) * k + 8192) >> 14) + 128));
    }
  }
}
