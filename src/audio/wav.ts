/**
 * A canonical 44-byte-header WAV (RIFF, PCM, signed 16-bit little-endian) from float samples.
 * Samples outside ±1 are clipped; rounding is to nearest, without dither, so the file is a
 * deterministic function of its input.
 */
export function encodePcmS16leWav(pcm: Float32Array, sampleRate: number, channels = 2): Buffer {
  const dataBytes = pcm.length * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * channels * 2, 28);
  buf.writeUInt16LE(channels * 2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < pcm.length; i++) {
    const x = pcm[i]!;
    buf.writeInt16LE(Math.round((x > 1 ? 1 : x < -1 ? -1 : x) * 32767), 44 + 2 * i);
  }
  return buf;
}
