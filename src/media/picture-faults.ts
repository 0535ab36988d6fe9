import { frameMetadata } from './frame-metadata.ts';

export interface PictureFaults {
  /** [start, end] seconds of stretches that are (nearly) black. */
  readonly black: [number, number][];
  /** [start, end] seconds of stretches where the picture does not change. */
  readonly frozen: [number, number][];
}

/**
 * Black and frozen stretches, from ffmpeg's `blackdetect` and `freezedetect`: a render that drops to
 * black or stops moving where the plan has motion is broken, whatever its statistics say.
 */
export async function pictureFaults(
  path: string,
  options: { minBlackSec?: number; minFreezeSec?: number; freezeNoiseDb?: number; signal?: AbortSignal } = {},
): Promise<PictureFaults> {
  const keys = [
    'lavfi.black_start',
    'lavfi.black_end',
    'lavfi.freezedetect.freeze_start',
    'lavfi.freezedetect.freeze_end',
  ];
  const found = await frameMetadata(
    path,
    [
      `blackdetect=d=${options.minBlackSec ?? 0.3}:pix_th=0.1`,
      `freezedetect=n=${options.freezeNoiseDb ?? -60}dB:d=${options.minFreezeSec ?? 0.5}`,
    ],
    keys,
    `Checking "${path}" for black and frozen frames`,
    options.signal,
  );
  const values = (key: string) => found.get(key)!;
  // The filters flag every start in their metadata; only stretches of the asked length count (a
  // stretch still open at the end runs to the end of the file).
  const stretches = (starts: number[], ends: number[], min: number): [number, number][] =>
    starts.map((s, i): [number, number] => [s, ends[i] ?? Infinity]).filter(([s, e]) => e - s >= min);
  return {
    black: stretches(values('lavfi.black_start'), values('lavfi.black_end'), options.minBlackSec ?? 0.3),
    frozen: stretches(
      values('lavfi.freezedetect.freeze_start'),
      values('lavfi.freezedetect.freeze_end'),
      options.minFreezeSec ?? 0.5,
    ),
  };
}
