/**
 * Integrated loudness per ITU-R BS.1770-4 (the measure behind EBU R128 and ffmpeg's `ebur128`):
 * K-weighting, mean square over 400 ms blocks every 100 ms, an absolute gate at −70 LUFS and a
 * relative gate 10 LU below the loudness of the blocks that passed the first gate.
 */

const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;

/**
 * The two K-weighting stages (high-shelf "head" filter and RLB high-pass) for any sample rate,
 * derived from their analogue prototypes as libebur128 does; at 48 kHz they reproduce the
 * coefficients printed in BS.1770-4 to 1e-8.
 */
export function kWeightingCoefficients(sampleRate: number): { shelf: number[]; highpass: number[] } {
  let f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  let q = 0.7071752369554196;
  let k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = Math.pow(10, gainDb / 20);
  const vb = Math.pow(vh, 0.4996667741545416);
  let a0 = 1 + k / q + k * k;
  const shelf = [
    (vh + (vb * k) / q + k * k) / a0,
    (2 * (k * k - vh)) / a0,
    (vh - (vb * k) / q + k * k) / a0,
    (2 * (k * k - 1)) / a0,
    (1 - k / q + k * k) / a0,
  ];
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + k / q + k * k;
  const highpass = [1, -2, 1, (2 * (k * k - 1)) / a0, (1 - k / q + k * k) / a0];
  return { shelf, highpass };
}

/** BS.1770 channel weights: 1 for front channels, 1.41 for surrounds, 0 for LFE (5.1 order L R C LFE Ls Rs). */
function channelWeight(channel: number, channels: number): number {
  if (channels !== 6) return 1;
  return channel === 3 ? 0 : channel >= 4 ? 1.41 : 1;
}

/**
 * Integrated loudness in LUFS of interleaved PCM; −Infinity when nothing passes the gates
 * (silence, or a clip shorter than one 400 ms block).
 */
export function integratedLoudness(pcm: Float32Array, sampleRate: number, channels = 2): number {
  const frames = Math.floor(pcm.length / channels);
  const views = Array.from({ length: channels }, (_, ch) => ({ data: pcm, offset: ch, stride: channels }));
  return gatedLoudness(views, frames, sampleRate);
}

/** The same measure for planar channels (one array per channel), as the mixer holds them. */
export function integratedLoudnessPlanar(channels: readonly Float32Array[], sampleRate: number): number {
  const frames = Math.min(...channels.map((c) => c.length));
  return gatedLoudness(
    channels.map((data) => ({ data, offset: 0, stride: 1 })),
    frames,
    sampleRate,
  );
}

interface ChannelView {
  data: Float32Array;
  offset: number;
  stride: number;
}

function gatedLoudness(channels: readonly ChannelView[], frames: number, sampleRate: number): number {
  const hop = Math.round(sampleRate * 0.1);
  const segments = Math.floor(frames / hop);
  if (segments < 4) return -Infinity;
  // Weighted sum of K-filtered squares per 100 ms segment; a 400 ms block is four of them.
  const segmentEnergy = new Float64Array(segments);
  channels.forEach((view, ch) => {
    const weight = channelWeight(ch, channels.length);
    if (weight > 0) accumulateKWeighted(view, hop, segments, sampleRate, weight, segmentEnergy);
  });
  const blocks = segments - 3;
  const blockPower = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const e = segmentEnergy[b]! + segmentEnergy[b + 1]! + segmentEnergy[b + 2]! + segmentEnergy[b + 3]!;
    blockPower[b] = e / (4 * hop);
  }
  const absoluteGate = powerOf(ABSOLUTE_GATE_LUFS);
  const ungated = meanAbove(blockPower, absoluteGate);
  if (ungated === 0) return -Infinity;
  const relativeGate = ungated * Math.pow(10, RELATIVE_GATE_LU / 10);
  return loudnessOf(meanAbove(blockPower, Math.max(absoluteGate, relativeGate)));
}

function accumulateKWeighted(
  view: ChannelView,
  hop: number,
  segments: number,
  sampleRate: number,
  weight: number,
  segmentEnergy: Float64Array,
): void {
  const { shelf, highpass } = kWeightingCoefficients(sampleRate);
  const [sb0, sb1, sb2, sa1, sa2] = shelf as [number, number, number, number, number];
  const [hb0, hb1, hb2, ha1, ha2] = highpass as [number, number, number, number, number];
  const { data, offset, stride } = view;
  let s1 = 0;
  let s2 = 0;
  let h1 = 0;
  let h2 = 0;
  for (let seg = 0; seg < segments; seg++) {
    let sum = 0;
    const end = (seg + 1) * hop;
    for (let i = seg * hop; i < end; i++) {
      const x = data[offset + i * stride]!;
      const y = sb0 * x + s1;
      s1 = sb1 * x - sa1 * y + s2;
      s2 = sb2 * x - sa2 * y;
      const z = hb0 * y + h1;
      h1 = hb1 * y - ha1 * z + h2;
      h2 = hb2 * y - ha2 * z;
      sum += z * z;
    }
    segmentEnergy[seg] = segmentEnergy[seg]! + weight * sum;
  }
}

const loudnessOf = (power: number): number => -0.691 + 10 * Math.log10(power);
const powerOf = (lufs: number): number => Math.pow(10, (lufs + 0.691) / 10);

function meanAbove(values: Float64Array, threshold: number): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v > threshold) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}
