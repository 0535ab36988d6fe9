/**
 * Remix and extend on a ComfyUI server. None of Kino's templates is a true video-to-video model, so both
 * go through image-to-video (Wan 2.2 i2v, on the same servers):
 * - extend starts a new clip from the source's last frame and joins it on with a cut (the new clip's
 *   first frame, a copy of that last frame, is dropped) and a short audio crossfade;
 * - remix re-imagines the video from its first frame with the new prompt: the opening composition is
 *   kept, everything after it is new. It is not a frame-by-frame restyle, and the docs say so.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KinoError } from '../../errors.ts';
import { extractPng, probeMedia, renderFilterGraph } from '../../media/index.ts';
import { AUDIO_FORMAT } from '../../media/conform.ts';
import { normalizeModelVideo } from '../normalize.ts';
import type { BackendEditRequest, BackendExtendRequest, BackendRequest, BackendResult } from '../types.ts';

/** The image-to-video generate of the same servers. */
export type ImageToVideo = (request: BackendRequest) => Promise<BackendResult>;

/** Audio overlap at the join, so the source's sound does not stop with a click. */
const JOIN_FADE_SEC = 0.1;

export async function remixFromFirstFrame(
  imageToVideo: ImageToVideo,
  request: BackendEditRequest,
): Promise<BackendResult> {
  return withScratch(request.outputPath, async (scratch) => {
    const still = scratch('first.png');
    await writeFile(still, await extractPng(request.sourcePath, 0, optionalSignal(request.signal)));
    return imageToVideo({ ...generateRequest(request), inputImagePath: still });
  });
}

export async function extendFromLastFrame(
  imageToVideo: ImageToVideo,
  request: BackendExtendRequest,
): Promise<BackendResult> {
  const { plan, seconds } = request;
  const info = await probeMedia(request.sourcePath, optionalSignal(request.signal));
  const video = info.video;
  if (!video) {
    throw new KinoError('invalid_media', 'The video to extend has no video stream.', 'video');
  }
  const fps = plan.output.fps;
  return withScratch(request.outputPath, async (scratch) => {
    // ffmpeg's exact seek returns the first frame whose timestamp is at or after the time asked for, so
    // ask for a little before the last frame's start: (frames - 1) / fps.
    const rate = video.fps || fps;
    const frames = video.frameCount > 0 ? video.frameCount : Math.round(info.durationSec * rate);
    const lastAt = Math.max(0, (frames - 1.25) / rate);
    const still = scratch('last.png');
    await writeFile(still, await extractPng(request.sourcePath, lastAt, optionalSignal(request.signal)));
    const segment = scratch('segment.mp4');
    const made = await imageToVideo({
      ...generateRequest(request),
      plan: { ...plan, output: { ...plan.output, durationSec: seconds } },
      outputPath: segment,
      inputImagePath: still,
    });
    const joined = scratch('joined.mp4');
    const sourceSec = plan.output.durationSec - seconds;
    await renderFilterGraph({
      inputs: [{ path: request.sourcePath }, { path: segment }],
      graph: joinGraph(fps, { seconds: sourceSec, hasAudio: info.audio !== undefined }),
      outputPath: joined,
      durationSec: sourceSec + seconds,
      ...(request.quality ? { quality: request.quality } : {}),
      ...optionalSignal(request.signal),
    });
    await normalizeModelVideo({
      inputPath: joined,
      outputPath: request.outputPath,
      plan,
      ...(request.quality ? { quality: request.quality } : {}),
      ...optionalSignal(request.signal),
    });
    return { ...made, outputPath: request.outputPath };
  });
}

/**
 * Source, then the new clip from its second frame (its first repeats the source's last); the sound
 * crossfades briefly. A silent source is given silence for its length. Pure.
 */
export function joinGraph(fps: number, source: { seconds: number; hasAudio: boolean }): string {
  const norm = `fps=${fps},settb=1/${fps},format=yuv420p`;
  const skip = (1 / fps).toFixed(6);
  const sourceAudio = source.hasAudio
    ? `[0:a]${AUDIO_FORMAT},asetpts=PTS-STARTPTS[a0]`
    : `anullsrc=r=48000:cl=stereo,atrim=duration=${source.seconds.toFixed(6)},${AUDIO_FORMAT}[a0]`;
  return [
    `[0:v]${norm},setpts=PTS-STARTPTS[v0]`,
    `[1:v]${norm},trim=start_frame=1,setpts=PTS-STARTPTS[v1]`,
    `[v0][v1]concat=n=2:v=1:a=0[v]`,
    sourceAudio,
    `[1:a]${AUDIO_FORMAT},atrim=start=${skip},asetpts=PTS-STARTPTS[a1]`,
    `[a0][a1]acrossfade=d=${JOIN_FADE_SEC}:c1=qsin:c2=qsin[a]`,
  ].join(';');
}

function generateRequest(request: BackendEditRequest): BackendRequest {
  return {
    plan: request.plan,
    outputPath: request.outputPath,
    ...(request.quality ? { quality: request.quality } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  };
}

const optionalSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** Intermediate files beside the output, removed on every path. */
async function withScratch<T>(outputPath: string, work: (file: (name: string) => string) => Promise<T>) {
  const prefix = join(
    dirname(outputPath),
    `.${basename(outputPath)}.comfy-edit-${randomBytes(4).toString('hex')}-`,
  );
  const made: string[] = [];
  try {
    return await work((name) => {
      const path = prefix + name;
      made.push(path);
      return path;
    });
  } finally {
    await Promise.all(made.map((path) => rm(path, { force: true })));
  }
}
