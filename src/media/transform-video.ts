/**
 * Pixel-level editing of existing videos: decodes one or more inputs in lock-step on a common frame
 * grid, lets the caller compose each output frame from them, and streams the result into the
 * encoder. Nothing is buffered beyond one frame per input.
 */
import { openVideoEncoder, type EncodeQuality } from './encoder.ts';
import { decodeAudioPcm, decodeNormalized } from './normalized-frames.ts';

export interface TransformVideoOptions {
  readonly inputs: readonly string[];
  readonly outputPath: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frameCount: number;
  /** The input whose soundtrack the output keeps (index into `inputs`); no audio when left out. */
  readonly audioFrom?: number;
  readonly quality?: EncodeQuality;
  readonly signal?: AbortSignal;
  /** One RGBA frame per input (the caller may modify and return one of them) → the output frame. */
  readonly compose: (frames: readonly Uint8Array[], index: number) => Uint8Array | Promise<Uint8Array>;
}

export async function transformVideo(options: TransformVideoOptions): Promise<{ framesWritten: number }> {
  const { width, height, fps, frameCount, signal } = options;
  const durationSec = frameCount / fps;
  const pcm =
    options.audioFrom !== undefined
      ? await decodeAudioPcm(options.inputs[options.audioFrom]!, {
          durationSec,
          ...(signal ? { signal } : {}),
        })
      : undefined;
  const decoders = options.inputs.map((path) =>
    decodeNormalized(path, { width, height, fps, frameCount, ...(signal ? { signal } : {}) }),
  );
  const encoder = await openVideoEncoder({
    outputPath: options.outputPath,
    width,
    height,
    fps,
    frameCount,
    quality: options.quality ?? 'standard',
    ...(pcm ? { audio: { pcm, sampleRate: 48000, channels: 2 } } : {}),
    ...(signal ? { signal } : {}),
  });
  try {
    for (let index = 0; index < frameCount; index++) {
      const frames = await Promise.all(decoders.map((d) => d.next()));
      const pixels = frames.map((f) => f.value as Uint8Array);
      await encoder.writeFrame(await options.compose(pixels, index));
    }
    await encoder.finish();
    return { framesWritten: frameCount };
  } catch (err) {
    await encoder.abort(err);
    throw err;
  } finally {
    // Ends any decoder still running (its ffmpeg is killed).
    await Promise.all(decoders.map((d) => d.return(undefined)));
  }
}
