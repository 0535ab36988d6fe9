/**
 * Every model backend's MP4 goes through here before signing: whatever size, frame rate, length and
 * audio the model produced, the result has the plan's exact width × height (scaled to cover, centre
 * cropped), its fps, exactly `frameCount(plan)` frames, and 48 kHz stereo AAC — the model's own
 * sound when it made some, otherwise Kino's soundscape for the plan.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { renderSoundscape, encodePcmS16leWav, DEFAULT_SAMPLE_RATE } from '../audio/index.ts';
import { KinoError } from '../errors.ts';
import { probeMedia, renderFilterGraph, type EncodeQuality } from '../media/index.ts';
import { cover, AUDIO_FORMAT } from '../media/conform.ts';
import { frameCount, type VideoPlan } from '../plan/index.ts';

export interface NormalizeOptions {
  readonly inputPath: string;
  readonly outputPath: string;
  readonly plan: VideoPlan;
  readonly quality?: EncodeQuality;
  readonly signal?: AbortSignal;
}

export interface NormalizeResult {
  readonly outputPath: string;
  /** Where the soundtrack came from. */
  readonly audio: 'model' | 'soundscape';
}

/** The filter graph: pure, so its frame arithmetic can be read and tested without ffmpeg. */
export function normalizeGraph(plan: VideoPlan, audioInput: 'model' | 'soundscape'): string {
  const { width, height, fps, durationSec } = plan.output;
  const frames = frameCount(plan);
  // A short model clip holds its last frame; a long one is cut at exactly `frames`.
  const video =
    `[0:v]setpts=PTS-STARTPTS,${cover(width, height)},fps=${fps},` +
    `tpad=stop_mode=clone:stop_duration=${durationSec.toFixed(6)},` +
    `trim=end_frame=${frames},setpts=PTS-STARTPTS,format=yuv420p[v]`;
  const audio =
    audioInput === 'model'
      ? `[0:a]asetpts=PTS-STARTPTS,${AUDIO_FORMAT},apad,atrim=end=${durationSec.toFixed(6)}[a]`
      : `[1:a]${AUDIO_FORMAT},apad,atrim=end=${durationSec.toFixed(6)}[a]`;
  return `${video};${audio}`;
}

export async function normalizeModelVideo(options: NormalizeOptions): Promise<NormalizeResult> {
  const { plan } = options;
  const info = await probeMedia(options.inputPath);
  if (!info.video) {
    throw new KinoError(
      'invalid_media',
      `The model returned ${basename(options.inputPath)} with no video stream; expected an MP4/WebM video.`,
      'model',
    );
  }
  const audio = info.audio ? 'model' : 'soundscape';
  const wavPath = join(
    dirname(options.outputPath),
    `.${basename(options.outputPath)}.soundscape-${randomBytes(4).toString('hex')}.wav`,
  );
  try {
    if (audio === 'soundscape') {
      const pcm = renderSoundscape(plan, { sampleRate: DEFAULT_SAMPLE_RATE });
      await writeFile(wavPath, encodePcmS16leWav(pcm, DEFAULT_SAMPLE_RATE, 2));
    }
    await renderFilterGraph({
      inputs: [{ path: options.inputPath }, ...(audio === 'soundscape' ? [{ path: wavPath }] : [])],
      graph: normalizeGraph(plan, audio),
      outputPath: options.outputPath,
      durationSec: plan.output.durationSec,
      ...(options.quality ? { quality: options.quality } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    await rm(wavPath, { force: true });
  }
  return { outputPath: options.outputPath, audio };
}
