import type { Writable } from 'node:stream';
import { KinoError } from '../errors.ts';
import { AAC_OUTPUT_ARGS } from './aac.ts';
import { prepareOutput, type AtomicOutput } from './atomic-output.ts';
import { resolveFfmpeg } from './locate.ts';
import { cancelledError, onAbort, processFailure, startProcess, type ProcessExit } from './process.ts';

export const ENCODE_QUALITIES = ['preview', 'standard', 'high'] as const;
export type EncoderPixelFormat = 'rgba' | 'i420';
export type EncodeQuality = (typeof ENCODE_QUALITIES)[number];

export interface EncoderAudio {
  /**
   * Interleaved stereo float samples; trimmed or padded with silence to the video's duration. Or a
   * function that makes them (or promises them), called once ffmpeg has been started: ffmpeg then
   * starts up while the soundtrack is synthesised instead of after it.
   */
  readonly pcm: Float32Array | (() => Float32Array | Promise<Float32Array>);
  readonly sampleRate: 48000;
  readonly channels: 2;
}

export interface EncodeProgress {
  readonly framesEncoded: number;
  /** Encode speed relative to realtime, when ffmpeg reports one. */
  readonly speed?: number;
}

export interface VideoEncoderOptions {
  readonly outputPath: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frameCount: number;
  readonly audio?: EncoderAudio;
  /** 'standard' when left out. */
  readonly quality?: EncodeQuality;
  /**
   * What `writeFrame` takes: 'rgba' (default; ffmpeg converts it) or 'i420', planar YUV 4:2:0 already
   * in BT.709 limited range (Y, then Cb and Cr at half size), which goes to x264 untouched.
   */
  readonly pixelFormat?: EncoderPixelFormat;
  /** x264 threads; ffmpeg's choice (about 1.5× the cores) when left out. */
  readonly threads?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: EncodeProgress) => void;
}

export interface EncodeResult {
  readonly outputPath: string;
  readonly framesWritten: number;
}

export interface VideoEncoder {
  /** Resolves once ffmpeg's stdin has taken the frame (back-pressure); the buffer may be reused after. */
  writeFrame(pixels: Uint8Array): Promise<void>;
  /** Call after exactly `frameCount` frames; moves the finished file to `outputPath`. */
  finish(): Promise<EncodeResult>;
  /** Kill ffmpeg and delete the partial file; resolves when both are done. A no-op once finished. */
  abort(reason?: unknown): Promise<void>;
}

interface X264Settings {
  readonly preset: string;
  readonly crf: number;
  readonly params?: string;
}

const X264: Record<EncodeQuality, X264Settings> = {
  // ultrafast turns the 8x8 transform off, and without it x264 signals Constrained Baseline whatever
  // -profile:v says; turning it back on keeps the promised High profile for little time.
  preview: { preset: 'ultrafast', crf: 23, params: '8x8dct=1' },
  // Chosen by benchmark (docs/performance.md): at 1080p veryfast costs ~37 ms of CPU a frame, which
  // on two cores leaves too little for rendering. ultrafast with CABAC, the deblocking filter and two
  // B-frames put back costs ~12 ms and gives files about twice veryfast's size (5–8 Mbit/s).
  standard: {
    preset: 'ultrafast',
    crf: 21,
    params: '8x8dct=1:cabac=1:deblock=0,0:bframes=2:b-adapt=0',
  },
  high: { preset: 'medium', crf: 18 },
};

const SAMPLE_RATE = 48000;
const CHANNELS = 2;
const MAX_SIDE = 8192;

type EncoderState =
  | { readonly type: 'open' }
  | { readonly type: 'finishing' }
  | { readonly type: 'committing' }
  | { readonly type: 'done'; readonly result: EncodeResult }
  | { readonly type: 'failed'; readonly error: KinoError };

type ResolvedOptions = Required<Omit<VideoEncoderOptions, 'audio' | 'threads' | 'signal' | 'onProgress'>> &
  Pick<VideoEncoderOptions, 'audio' | 'threads' | 'signal' | 'onProgress'>;

/**
 * Start one ffmpeg that turns raw RGBA frames (and optional PCM audio) into an H.264/AAC MP4.
 * Everything is validated and the output directory checked before ffmpeg is spawned.
 */
export async function openVideoEncoder(options: VideoEncoderOptions): Promise<VideoEncoder> {
  const opts = validateOptions(options);
  if (opts.signal?.aborted) throw cancelledError(`Encoding "${opts.outputPath}"`, opts.signal.reason);
  const { ffmpeg } = resolveFfmpeg();
  const output = await prepareOutput(opts.outputPath);
  return startEncoder(ffmpeg, opts, output);
}

function validateOptions(options: VideoEncoderOptions): ResolvedOptions {
  const { width, height, fps, frameCount, audio, threads } = options;
  const quality = options.quality ?? 'standard';
  const pixelFormat = options.pixelFormat ?? 'rgba';
  if (pixelFormat !== 'rgba' && pixelFormat !== 'i420') {
    throw new KinoError(
      'invalid_option',
      `pixelFormat must be rgba or i420; got ${String(pixelFormat)}.`,
      'pixelFormat',
    );
  }
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    // yuv420p stores chroma at half resolution, so x264 rejects odd sizes.
    if (!Number.isInteger(value) || value < 2 || value > MAX_SIDE || value % 2 !== 0) {
      throw new KinoError(
        'invalid_size',
        `${name} must be an even integer from 2 to ${MAX_SIDE}; got ${String(value)}.`,
        name,
      );
    }
  }
  if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0 || fps > 240) {
    throw new KinoError(
      'invalid_fps',
      `fps must be a number above 0 and at most 240; got ${String(fps)}.`,
      'fps',
    );
  }
  if (!Number.isInteger(frameCount) || frameCount < 1) {
    throw new KinoError(
      'invalid_option',
      `frameCount must be a positive integer; got ${String(frameCount)}.`,
      'frameCount',
    );
  }
  if (!ENCODE_QUALITIES.includes(quality)) {
    throw new KinoError(
      'invalid_option',
      `quality must be one of ${ENCODE_QUALITIES.join(', ')}; got ${String(quality)}.`,
      'quality',
    );
  }
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new KinoError(
      'invalid_option',
      `threads must be a positive integer; got ${String(threads)}.`,
      'threads',
    );
  }
  if (audio) {
    if (!(audio.pcm instanceof Float32Array) && typeof audio.pcm !== 'function') {
      throw new KinoError(
        'invalid_option',
        'audio.pcm must be a Float32Array of interleaved samples, or a function that makes one.',
        'audio.pcm',
      );
    }
    if (audio.sampleRate !== SAMPLE_RATE || audio.channels !== CHANNELS) {
      throw new KinoError(
        'invalid_option',
        `audio must be ${SAMPLE_RATE} Hz with ${CHANNELS} channels; got ${String(audio.sampleRate)} Hz, ` +
          `${String(audio.channels)} channels.`,
        'audio',
      );
    }
  }
  if (typeof options.outputPath !== 'string' || options.outputPath === '') {
    throw new KinoError('invalid_option', 'outputPath must be a non-empty path.', 'outputPath');
  }
  return { ...options, quality, pixelFormat };
}

function encoderArgs(opts: ResolvedOptions, tempPath: string): string[] {
  const x264 = X264[opts.quality];
  const rate = String(opts.fps);
  return [
    ...['-hide_banner', '-nostats', '-loglevel', 'warning', '-progress', 'pipe:2'],
    ...['-f', 'rawvideo', '-pix_fmt', opts.pixelFormat === 'i420' ? 'yuv420p' : 'rgba'],
    ...['-s:v', `${opts.width}x${opts.height}`, '-framerate', rate],
    // Frames that arrive as YUV are BT.709 limited range already; saying so keeps ffmpeg from converting.
    ...(opts.pixelFormat === 'i420' ? ['-colorspace', 'bt709', '-color_range', 'tv'] : []),
    ...['-i', 'pipe:0'],
    ...(opts.audio
      ? ['-f', 'f32le', '-ar', String(SAMPLE_RATE), '-ac', String(CHANNELS), '-i', 'pipe:3']
      : []),
    ...['-map', '0:v:0', ...(opts.audio ? ['-map', '1:a:0'] : [])],
    // swscale converts RGB with BT.601 coefficients unless told otherwise; the stream is tagged BT.709,
    // so the matrix must match or players shift the colours.
    ...(opts.pixelFormat === 'rgba'
      ? ['-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p']
      : []),
    ...['-c:v', 'libx264', '-preset', x264.preset, '-crf', String(x264.crf)],
    ...(x264.params ? ['-x264-params', x264.params] : []),
    ...['-profile:v', 'high', '-pix_fmt', 'yuv420p'],
    ...['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'],
    ...(opts.threads ? ['-threads', String(opts.threads)] : []),
    // No -frames:v: reaching it closes every stream of the output, cutting the audio short. The frame
    // count is exact anyway because writeFrame() and finish() admit exactly frameCount frames.
    ...['-r', rate],
    ...(opts.audio ? AAC_OUTPUT_ARGS : []),
    ...['-movflags', '+faststart', '-f', 'mp4', '-y', tempPath],
  ];
}

function startEncoder(ffmpeg: string, opts: ResolvedOptions, output: AtomicOutput): VideoEncoder {
  const what = `Encoding "${opts.outputPath}"`;
  const frameBytes =
    opts.pixelFormat === 'i420' ? (opts.width * opts.height * 3) / 2 : opts.width * opts.height * 4;
  let state: EncoderState = { type: 'open' };
  let framesWritten = 0;
  let progress: { framesEncoded: number; speed?: number } = { framesEncoded: 0 };

  const proc = startProcess(ffmpeg, encoderArgs(opts, output.tempPath), {
    extraInputPipe: opts.audio !== undefined,
    onProgressLine: (key, value) => {
      if (key === 'frame') progress.framesEncoded = Number(value) || 0;
      else if (key === 'speed') {
        const speed = Number.parseFloat(value);
        progress.speed = Number.isFinite(speed) ? speed : undefined;
      } else if (key === 'progress' && opts.onProgress) {
        const report =
          progress.speed === undefined ? { framesEncoded: progress.framesEncoded } : { ...progress };
        progress = { framesEncoded: progress.framesEncoded };
        try {
          opts.onProgress(report);
        } catch (err) {
          void fail(
            new KinoError('render_failed', `${what}: onProgress threw: ${String(err)}`, undefined, {
              cause: err,
            }),
          );
        }
      }
    },
  });
  const stdin = proc.child.stdin!;

  // Settles (rejects) only when the encode fails, after ffmpeg is dead and the temp file is gone;
  // pending writes race against it so nobody waits on a pipe whose reader has died.
  let rejectFailed!: (error: KinoError) => void;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => {});
  let cleanup: Promise<void> | undefined;
  let unsubscribe = (): void => {};

  const fail = (error: KinoError): Promise<never> => {
    if (state.type === 'failed' || state.type === 'done' || state.type === 'committing') return failed;
    state = { type: 'failed', error };
    unsubscribe();
    cleanup = (async () => {
      // Kill first and wait for the exit: deleting a file ffmpeg has not opened yet lets it reappear.
      await proc.kill();
      await output.discard();
    })();
    void cleanup.catch(() => {}).then(() => rejectFailed(error));
    return failed;
  };

  unsubscribe = onAbort(opts.signal, () => void fail(cancelledError(what, opts.signal?.reason)));
  const failFromExit = (exit: ProcessExit): Promise<never> =>
    fail(processFailure(what, ffmpeg, exit, proc.stderrTail()));

  const audioDone = opts.audio
    ? pumpAudio(
        proc.child.stdio[3] as Writable,
        opts.audio.pcm,
        Math.round((opts.frameCount / opts.fps) * SAMPLE_RATE),
      ).catch((err: unknown) => {
        // Only making the samples can fail here (a broken pipe is ffmpeg's exit, reported from it).
        void fail(
          err instanceof KinoError
            ? err
            : new KinoError(
                'render_failed',
                `${what}: the soundtrack could not be made: ${String(err)}`,
                'audio',
                {
                  cause: err,
                },
              ),
        );
      })
    : Promise.resolve();

  void proc.exited.then((exit) => {
    // Before finish() ends stdin, any exit means ffmpeg gave up.
    if (state.type === 'open') void failFromExit(exit);
  });

  const writeFrame = (pixels: Uint8Array): Promise<void> => {
    if (state.type === 'failed') return failed;
    if (state.type !== 'open') {
      return Promise.reject(new KinoError('render_failed', `${what}: writeFrame() after finish().`));
    }
    if (!(pixels instanceof Uint8Array) || pixels.byteLength !== frameBytes) {
      return Promise.reject(
        new KinoError(
          'invalid_option',
          `${what}: a frame must be ${opts.width}x${opts.height} ${opts.pixelFormat.toUpperCase()}, ` +
            `${frameBytes} bytes; got ` +
            `${pixels instanceof Uint8Array ? `${pixels.byteLength} bytes` : typeof pixels}.`,
          'rgba',
        ),
      );
    }
    if (framesWritten >= opts.frameCount) {
      return Promise.reject(
        new KinoError(
          'render_failed',
          `${what}: frame ${framesWritten + 1} written, but frameCount is ${opts.frameCount}.`,
          'frameCount',
        ),
      );
    }
    framesWritten++;
    const written = new Promise<void>((resolve, reject) => {
      stdin.write(pixels, (err) => {
        if (!err) resolve();
        else proc.exited.then(failFromExit).catch(reject);
      });
    });
    return Promise.race([written, failed]);
  };

  const finish = async (): Promise<EncodeResult> => {
    if (state.type === 'failed') return failed;
    if (state.type === 'done') return state.result;
    if (state.type !== 'open') throw new KinoError('render_failed', `${what}: finish() was already called.`);
    if (framesWritten < opts.frameCount) {
      return fail(
        new KinoError(
          'render_failed',
          `${what}: finish() after ${framesWritten} of ${opts.frameCount} frames. Write every frame, ` +
            'or call abort() to give up.',
          'frameCount',
        ),
      );
    }
    state = { type: 'finishing' };
    stdin.end();
    const exit = await proc.exited;
    await audioDone;
    if (state.type !== 'finishing') return failed;
    if (exit.code !== 0) return failFromExit(exit);
    state = { type: 'committing' };
    unsubscribe();
    try {
      await output.commit();
    } catch (err) {
      state = { type: 'failed', error: err as KinoError };
      rejectFailed(err as KinoError);
      throw err;
    }
    const result = { outputPath: output.outputPath, framesWritten };
    state = { type: 'done', result };
    return result;
  };

  const abort = async (reason?: unknown): Promise<void> => {
    if (state.type === 'done' || state.type === 'committing') return;
    void fail(cancelledError(what, reason ?? 'abort() was called'));
    await cleanup;
  };

  return { writeFrame, finish, abort };
}

const AUDIO_CHUNK_FRAMES = SAMPLE_RATE / 4;

/**
 * Feed exactly `totalFrames` stereo frames into ffmpeg's audio pipe, in step with its reads. This runs
 * alongside the video writes: if either pipe waited on the other, ffmpeg (reading both) would stall.
 */
async function pumpAudio(pipe: Writable, source: EncoderAudio['pcm'], totalFrames: number): Promise<void> {
  const pcm = typeof source === 'function' ? await source() : source;
  if (!(pcm instanceof Float32Array)) {
    throw new KinoError(
      'invalid_option',
      'audio.pcm must make a Float32Array of interleaved samples.',
      'audio.pcm',
    );
  }
  // f32le on the wire; Float32Array uses the host byte order, which is little-endian on every Node target.
  const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const frameBytes = CHANNELS * 4;
  const totalBytes = totalFrames * frameBytes;
  const fromPcm = Math.min(totalBytes, Math.floor(bytes.length / frameBytes) * frameBytes);
  const chunkBytes = AUDIO_CHUNK_FRAMES * frameBytes;
  const silence = Buffer.alloc(Math.min(chunkBytes, Math.max(0, totalBytes - fromPcm)));
  try {
    for (let at = 0; at < totalBytes; at += chunkBytes) {
      const end = Math.min(at + chunkBytes, totalBytes);
      const chunk =
        end <= fromPcm
          ? bytes.subarray(at, end)
          : at >= fromPcm
            ? silence.subarray(0, end - at)
            : Buffer.concat([bytes.subarray(at, fromPcm), silence.subarray(0, end - fromPcm)]);
      await new Promise<void>((resolve, reject) =>
        pipe.write(chunk, (err) => (err ? reject(err) : resolve())),
      );
    }
    pipe.end();
  } catch {
    // The pipe broke because ffmpeg exited; the encoder reports that from the exit status.
  }
}
