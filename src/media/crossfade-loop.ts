/**
 * A seamless loop cut from a longer clip: the stretch just after the loop's end is dissolved over its
 * head, so the last frame is followed, on the wrap, by the frame that followed it in the source.
 * Audio does the same with an equal-power (quarter-sine) crossfade, so the waveform is continuous at
 * the seam and there is no click.
 */
import { KinoError } from '../errors.ts';
import { AUDIO_FORMAT } from './conform.ts';
import type { EncodeQuality } from './encoder.ts';
import { renderFilterGraph } from './filter-render.ts';

export interface CrossfadeLoopOptions {
  /** A conformed clip (constant frame rate, 48 kHz stereo) at least `loopSec + fadeSec` long. */
  readonly inputPath: string;
  readonly outputPath: string;
  readonly fps: number;
  readonly frameCount: number;
  readonly loopSec: number;
  readonly fadeSec: number;
  readonly quality?: EncodeQuality;
  readonly signal?: AbortSignal;
}

const SAMPLE_RATE = 48000;

export async function crossfadeLoopClip(options: CrossfadeLoopOptions): Promise<{ outputPath: string }> {
  const { fps } = options;
  const loopFrames = Math.round(options.loopSec * fps);
  const fadeFrames = Math.round(options.fadeSec * fps);
  if (fadeFrames < 1 || fadeFrames >= loopFrames || loopFrames + fadeFrames > options.frameCount) {
    throw new KinoError(
      'invalid_duration',
      `A ${options.loopSec} s loop with a ${options.fadeSec} s crossfade needs a clip of ${
        (loopFrames + fadeFrames) / fps
      } s; this one has ${(options.frameCount / fps).toFixed(2)} s.`,
      'seconds',
    );
  }
  const fade = fadeFrames / fps;
  const loopSamples = Math.round((loopFrames / fps) * SAMPLE_RATE);
  const fadeSamples = Math.round(fade * SAMPLE_RATE);
  const vtrim = (a: number, b: number): string => `trim=start_frame=${a}:end_frame=${b},setpts=PTS-STARTPTS`;
  const atrim = (a: number, b: number): string =>
    `atrim=start_sample=${a}:end_sample=${b},asetpts=PTS-STARTPTS`;
  const graph = [
    `[0:v]split=3[vt][vh][vb]`,
    `[vt]${vtrim(loopFrames, loopFrames + fadeFrames)}[tail]`,
    `[vh]${vtrim(0, fadeFrames)}[head]`,
    `[tail][head]xfade=transition=fade:duration=${fade.toFixed(6)}:offset=0[mix]`,
    `[vb]${vtrim(fadeFrames, loopFrames)}[body]`,
    `[mix][body]concat=n=2:v=1:a=0,format=yuv420p[v]`,
    `[0:a]${AUDIO_FORMAT},asplit=3[at][ah][ab]`,
    `[at]${atrim(loopSamples, loopSamples + fadeSamples)}[atail]`,
    `[ah]${atrim(0, fadeSamples)}[ahead]`,
    `[atail][ahead]acrossfade=ns=${fadeSamples}:c1=qsin:c2=qsin[amix]`,
    `[ab]${atrim(fadeSamples, loopSamples)}[abody]`,
    `[amix][abody]concat=n=2:v=0:a=1[a]`,
  ].join(';');
  return renderFilterGraph({
    inputs: [{ path: options.inputPath }],
    graph,
    outputPath: options.outputPath,
    durationSec: loopFrames / fps,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
