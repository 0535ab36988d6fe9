/**
 * Ping-pong time: a clip played forwards, then backwards, then forwards again, so any window of time
 * (including before its start and after its end) maps back onto its own frames with no jump. Used to
 * extend foreign videos without a freeze: the frames next to each turn are neighbours in the source,
 * and the audio turns at the same instant, so its waveform is continuous (no click).
 */
import { KinoError } from '../errors.ts';
import { AUDIO_FORMAT } from './conform.ts';
import type { EncodeQuality } from './encoder.ts';
import { renderFilterGraph } from './filter-render.ts';

/** A run of source frames [from, to] (inclusive), or samples [from, to), played forwards or backwards. */
export interface ReflectedRun {
  readonly from: number;
  readonly to: number;
  readonly reversed: boolean;
}

const SAMPLE_RATE = 48000;

// Each run is a trim (and reverse, which buffers it) in one filter graph; this bounds the graph.
const MAX_RUNS = 64;

/**
 * The runs of source indices (0..count-1) that output indices start..end-1 show, reflecting at both
 * ends: index -1 shows 1, index count shows count-2. Frames reflect about the first and last frame
 * (no frame shown twice in a row); pass `count + 1` boundaries for audio, which reflects about the
 * clip's start and end instants.
 */
export function reflectedRuns(start: number, end: number, count: number): ReflectedRun[] {
  if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) {
    throw new KinoError(
      'invalid_option',
      `An index window needs start < end; got ${start}..${end}.`,
      'window',
    );
  }
  if (!Number.isInteger(count) || count < 2) {
    throw new KinoError('invalid_media', 'A clip needs at least two frames to be extended.', 'path');
  }
  const period = 2 * (count - 1);
  const map = (k: number): number => {
    const r = ((k % period) + period) % period;
    return r <= count - 1 ? r : period - r;
  };
  const runs: { from: number; to: number; reversed: boolean }[] = [];
  for (let k = start; k < end; k++) {
    const m = map(k);
    const last = runs[runs.length - 1];
    const step = last ? m - (last.reversed ? last.from : last.to) : 0;
    if (last && last.from === last.to && Math.abs(step) === 1) {
      last.reversed = step < 0;
      if (last.reversed) last.from = m;
      else last.to = m;
    } else if (last && !last.reversed && step === 1) last.to = m;
    else if (last && last.reversed && step === -1) last.from = m;
    else runs.push({ from: m, to: m, reversed: false });
  }
  return runs;
}

/**
 * The same for continuous time (audio samples): the window start..end of a clip `length` samples long,
 * reflected about its start and end instants, as spans [from, to) of source samples.
 */
export function reflectedSpans(start: number, end: number, length: number): ReflectedRun[] {
  if (!Number.isInteger(length) || length < 1) {
    throw new KinoError('invalid_media', 'A clip needs some audio to be extended.', 'path');
  }
  const spans: ReflectedRun[] = [];
  for (let t = start; t < end;) {
    const lap = Math.floor(t / length);
    const next = Math.min(end, (lap + 1) * length);
    const a = t - lap * length;
    const b = next - lap * length;
    const forward = ((lap % 2) + 2) % 2 === 0;
    spans.push(
      forward ? { from: a, to: b, reversed: false } : { from: length - b, to: length - a, reversed: true },
    );
    t = next;
  }
  return spans;
}

export interface PingPongOptions {
  /** A conformed clip (constant frame rate, 48 kHz stereo audio). */
  readonly inputPath: string;
  readonly outputPath: string;
  readonly fps: number;
  readonly frameCount: number;
  /** The window to show, in seconds of the source's ping-pong timeline (may start below 0 and end past its end). */
  readonly fromSec: number;
  readonly toSec: number;
  readonly quality?: EncodeQuality;
  readonly signal?: AbortSignal;
}

export async function pingPongClip(options: PingPongOptions): Promise<{ outputPath: string }> {
  const { fps, frameCount } = options;
  const startFrame = Math.round(options.fromSec * fps);
  const endFrame = Math.round(options.toSec * fps);
  const videoRuns = reflectedRuns(startFrame, endFrame, frameCount);
  const audioSpans = reflectedSpans(
    Math.round(options.fromSec * SAMPLE_RATE),
    Math.round(options.toSec * SAMPLE_RATE),
    Math.round((frameCount / fps) * SAMPLE_RATE),
  );
  if (videoRuns.length > MAX_RUNS || audioSpans.length > MAX_RUNS) {
    throw new KinoError(
      'invalid_duration',
      `The clip is too short (${(frameCount / fps).toFixed(2)} s) to cover ${(options.toSec - options.fromSec).toFixed(2)} s by playing it back and forth.`,
      'seconds',
    );
  }
  const video = runsGraph(
    videoRuns,
    'v',
    (r) =>
      `trim=start_frame=${r.from}:end_frame=${r.to + 1},setpts=PTS-STARTPTS${r.reversed ? ',reverse' : ''}`,
  );
  const audio = runsGraph(
    audioSpans,
    'a',
    (r) =>
      `atrim=start_sample=${r.from}:end_sample=${r.to},asetpts=PTS-STARTPTS${r.reversed ? ',areverse' : ''}`,
  );
  return renderFilterGraph({
    inputs: [{ path: options.inputPath }],
    graph: `${video};${audio}`,
    outputPath: options.outputPath,
    durationSec: (endFrame - startFrame) / fps,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

function runsGraph(
  runs: readonly ReflectedRun[],
  stream: 'v' | 'a',
  filter: (run: ReflectedRun) => string,
): string {
  const split = stream === 'v' ? 'split' : 'asplit';
  const format = stream === 'v' ? 'format=yuv420p' : AUDIO_FORMAT;
  if (runs.length === 1) return `[0:${stream}]${filter(runs[0]!)},${format}[${stream}]`;
  const labels = runs.map((_, i) => `${stream}${i}`);
  return [
    `[0:${stream}]${split}=${runs.length}${labels.map((l) => `[${l}in]`).join('')}`,
    ...runs.map((run, i) => `[${labels[i]}in]${filter(run)}[${labels[i]}]`),
    `${labels.map((l) => `[${l}]`).join('')}concat=n=${runs.length}:v=${stream === 'v' ? 1 : 0}:a=${stream === 'a' ? 1 : 0},${format}[${stream}]`,
  ].join(';');
}
