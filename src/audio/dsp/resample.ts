/**
 * Sample-rate conversion by band-limited (windowed-sinc) interpolation: each output sample is the
 * input's sinc interpolation at its position, the sinc truncated to ZERO_CROSSINGS lobes either
 * side by a Kaiser window. Linear phase, any ratio; when lowering the rate the cutoff follows the
 * new Nyquist, so nothing aliases.
 */

/** Lobes of the sinc kept either side: with KAISER_BETA, a transition band of about 4% of the rate. */
const ZERO_CROSSINGS = 24;
/** Kaiser β = 7: about 70 dB of stop-band rejection, far below anything audible in the mix. */
const KAISER_BETA = 7;
/**
 * Cutoff as a share of the lower Nyquist: the transition band ends before Nyquist, so images of
 * the input (or aliases of what lies above the new Nyquist) stay in the stop band.
 */
const PASSBAND = 0.9;
/** Kernel table resolution, points per lobe; linear interpolation between them errs below −100 dB. */
const STEPS = 512;

let kernel: Float64Array | undefined;

/** sinc(u) · kaiser(u / ZERO_CROSSINGS) for u = k / STEPS, 0 ≤ k ≤ ZERO_CROSSINGS · STEPS, plus a zero. */
function kernelTable(): Float64Array {
  if (kernel) return kernel;
  const n = ZERO_CROSSINGS * STEPS;
  kernel = new Float64Array(n + 2);
  const norm = besselI0(KAISER_BETA);
  for (let k = 0; k <= n; k++) {
    const u = k / STEPS;
    const r = u / ZERO_CROSSINGS;
    const sinc = k === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    kernel[k] = (sinc * besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r)))) / norm;
  }
  return kernel;
}

/** Modified Bessel function of the first kind, order 0, by its power series (converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/**
 * `input` (mono, at `fromRate` Hz) at `toRate` Hz: floor(length × toRate / fromRate) samples,
 * output sample j sitting at input position j × fromRate / toRate, so a sound at input index i
 * lands at output index i × toRate / fromRate. Rates are integers in Hz.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input.slice();
  const table = kernelTable();
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const out = new Float32Array(outLength);
  // Kernel argument per input sample of distance, in lobes; below 1 when lowering the rate.
  const scale = Math.min(1, toRate / fromRate) * PASSBAND;
  const halfWidth = ZERO_CROSSINGS / scale;
  const steps = scale * STEPS;
  const last = input.length - 1;
  const limit = ZERO_CROSSINGS * STEPS;
  for (let j = 0; j < outLength; j++) {
    const x = (j * fromRate) / toRate;
    const from = Math.max(0, Math.ceil(x - halfWidth));
    const to = Math.min(last, Math.floor(x + halfWidth));
    let sum = 0;
    for (let i = from; i <= to; i++) {
      const p = Math.abs(x - i) * steps;
      const k = p | 0;
      if (k >= limit) continue;
      const a = table[k]!;
      sum += input[i]! * (a + (table[k + 1]! - a) * (p - k));
    }
    out[j] = sum * scale;
  }
  return out;
}
