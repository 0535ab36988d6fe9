/** Mixes two RGBA frames: `weight` 0 gives `a`, 1 gives `b`. Writes into `out` (which may be `a`). */
export function blendFrames(a: Uint8Array, b: Uint8Array, weight: number, out: Uint8Array = a): Uint8Array {
  const w = Math.round(Math.min(1, Math.max(0, weight)) * 256);
  if (w === 0) {
    if (out !== a) out.set(a);
    return out;
  }
  if (w === 256) {
    out.set(b);
    return out;
  }
  const v = 256 - w;
  for (let i = 0; i < a.length; i++) out[i] = (a[i]! * v + b[i]! * w + 128) >> 8;
  return out;
}
