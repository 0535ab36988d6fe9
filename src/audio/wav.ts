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

/** PCM decoded from a WAV file: interleaved float samples in [-1, 1). */
export interface DecodedWav {
  sampleRate: number;
  channels: number;
  samples: Float32Array;
}

/**
 * Reads a RIFF/WAVE file of signed 16-bit little-endian PCM, walking its chunks (so `LIST` or
 * `fact` chunks before the data are fine). Throws a plain Error naming what is wrong; callers
 * turn it into the error their users see. A data chunk that claims more bytes than the file holds
 * is read up to the end of the file, as players do.
 */
export function decodePcmS16leWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new Error(`not a RIFF/WAVE file (${bytes.length} bytes)`);
  }
  let format: { channels: number; sampleRate: number; bits: number; code: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      format = {
        code: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before its fmt chunk');
      if (format.code !== 1 || format.bits !== 16) {
        throw new Error(
          `WAV is format ${format.code} at ${format.bits} bits; only 16-bit PCM (format 1) is read`,
        );
      }
      const count = Math.floor(Math.min(size, bytes.length - body) / 2);
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + 2 * i, true) / 32768;
      return { sampleRate: format.sampleRate, channels: format.channels, samples };
    }
    // Chunks are padded to an even length.
    at = body + size + (size & 1);
  }
  throw new Error('WAV file has no data chunk');
}
