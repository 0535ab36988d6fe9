/**
 * The OpenAI Videos API (Sora) as a Kino backend: create a job from the plan's prompt at the nearest
 * size and length OpenAI offers, poll it to completion, download the MP4, then normalise it to the
 * plan's exact size, fps and length (adding Kino's soundscape when the clip is silent).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import OpenAI, { toFile, type Uploadable } from 'openai';
import { KinoError, isKinoError } from '../../errors.ts';
import { frameCount, type VideoPlan } from '../../plan/index.ts';
import { normalizeModelVideo } from '../normalize.ts';
import type {
  BackendCapabilities,
  BackendEditRequest,
  BackendExtendRequest,
  BackendJob,
  BackendRequest,
  BackendResult,
  VideoBackend,
} from '../types.ts';
import { DEFAULT_OPENAI_SECONDS, nearestOpenAiSize, openAiSeconds } from './formats.ts';
import { openAiRequestError } from './map-error.ts';
import { abortError, linkedSignal, pollUntilDone, type OpenAiVideo } from './poll.ts';

export interface OpenAiBackendOptions {
  readonly apiKey: string;
  /** An OpenAI-compatible API root; OpenAI's own when left out. */
  readonly baseURL?: string;
  /** `sora-2` or `sora-2-pro` (or a dated snapshot of either). */
  readonly model: string;
  /** Clip lengths the account may ask for; default 4, 8, 12. */
  readonly secondsAllowed?: readonly number[];
  /** The whole job, from create to normalised file; default 20 minutes. */
  readonly jobTimeoutMs?: number;
  /** Each API request (create, retrieve); default 60 s. */
  readonly requestTimeoutMs?: number;
  /** Downloading the finished MP4; default 5 minutes. */
  readonly downloadTimeoutMs?: number;
  /** Polling interval bounds; default 2 s growing to 20 s (OpenAI's hint is used within them). */
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
  /** Polls in a row that may fail on the network or with a 5xx before giving up; default 5. */
  readonly maxPollFailures?: number;
  /** The SDK's retries of 408/409/429/5xx and connection errors per request; default 2. */
  readonly maxRetries?: number;
}

const DEFAULTS = {
  jobTimeoutMs: 20 * 60_000,
  requestTimeoutMs: 60_000,
  downloadTimeoutMs: 5 * 60_000,
  pollMinMs: 2_000,
  pollMaxMs: 20_000,
  maxPollFailures: 5,
  maxRetries: 2,
};

export function openAiBackend(options: OpenAiBackendOptions): VideoBackend {
  const settings = {
    jobTimeoutMs: options.jobTimeoutMs ?? DEFAULTS.jobTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    downloadTimeoutMs: options.downloadTimeoutMs ?? DEFAULTS.downloadTimeoutMs,
    pollMinMs: options.pollMinMs ?? DEFAULTS.pollMinMs,
    pollMaxMs: options.pollMaxMs ?? DEFAULTS.pollMaxMs,
    maxPollFailures: options.maxPollFailures ?? DEFAULTS.maxPollFailures,
    maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new KinoError('invalid_option', `${name} must be a whole number ≥ 0; got ${value}.`, name);
    }
  }
  if (!options.apiKey || !options.model) {
    throw new KinoError('invalid_option', 'The OpenAI backend needs an apiKey and a model.', 'apiKey');
  }
  const secondsAllowed = options.secondsAllowed ?? DEFAULT_OPENAI_SECONDS;
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: settings.maxRetries,
    timeout: settings.requestTimeoutMs,
  });
  const capabilities = openAiCapabilities(secondsAllowed);
  const modelName = `openai/${options.model}`;

  async function generate(request: BackendRequest): Promise<BackendResult> {
    const { plan } = request;
    const size = nearestOpenAiSize(options.model, plan.output.width, plan.output.height);
    const seconds = openAiSeconds(plan.output.durationSec, secondsAllowed);
    const prompt = promptOf(plan);
    return withJobSignal(request.signal, async (jobSignal) => {
      const first = await begin(jobSignal, 'Creating the OpenAI video', (signal) => {
        // The SDK retries a create that failed in flight (429, 5xx, dropped connection) with the same
        // headers; the Idempotency-Key lets the server answer a retry with the job it already made.
        const headers = { 'Idempotency-Key': `kino-${randomUUID()}` };
        return client.videos.create(
          {
            prompt,
            model: options.model,
            size: size as OpenAI.Videos.VideoSize,
            seconds: seconds as OpenAI.Videos.VideoSeconds,
          },
          { signal, headers },
        );
      });
      return finish(request, jobSignal, first);
    });
  }

  /**
   * A new take from a new prompt: `POST /videos/{id}/remix` on the OpenAI video the source was made from
   * (same size and length as that video), or, when that job is unknown or expired, an edit of the
   * uploaded source MP4 (`POST /videos/edits`).
   */
  async function remix(request: BackendEditRequest): Promise<BackendResult> {
    const prompt = promptOf(request.plan);
    const known = liveJob(request.sourceJob);
    return withJobSignal(request.signal, async (jobSignal) => {
      let first: OpenAiVideo | undefined;
      if (known) {
        first = await begin(jobSignal, `Remixing OpenAI video ${known.id}`, (signal) =>
          client.videos.remix(known.id, { prompt }, { signal }),
        ).catch(unlessGone);
      }
      first ??= await begin(jobSignal, 'Editing the uploaded video on OpenAI', async (signal) =>
        client.videos.edit({ prompt, video: await sourceUpload(request.sourcePath) }, { signal }),
      );
      return finish(request, jobSignal, first);
    });
  }

  /**
   * More seconds after the end (`POST /videos/extensions`). OpenAI answers with the stitched whole. When
   * the source's OpenAI job is known, Kino's video may be a trim of a longer OpenAI clip; the extension
   * then continues from that clip's true end and is asked to cover the trimmed tail too, so the stitched
   * video plays on without a jump and its head is exactly the source.
   */
  async function extend(request: BackendExtendRequest): Promise<BackendResult> {
    const prompt = promptOf(request.plan);
    const known = liveJob(request.sourceJob);
    const sourceSec = request.plan.output.durationSec - request.seconds;
    const secondsFor = (from: number) =>
      openAiSeconds(
        Math.max(Math.min(...secondsAllowed), request.plan.output.durationSec - from),
        secondsAllowed,
      ) as OpenAI.Videos.VideoSeconds;
    return withJobSignal(request.signal, async (jobSignal) => {
      let first: OpenAiVideo | undefined;
      if (known) {
        const seconds = secondsFor(known.seconds ?? sourceSec);
        first = await begin(jobSignal, `Extending OpenAI video ${known.id}`, (signal) =>
          client.videos.extend({ prompt, seconds, video: { id: known.id } }, { signal }),
        ).catch(unlessGone);
      }
      const seconds = secondsFor(sourceSec);
      first ??= await begin(jobSignal, 'Extending the uploaded video on OpenAI', async (signal) =>
        client.videos.extend({ prompt, seconds, video: await sourceUpload(request.sourcePath) }, { signal }),
      );
      return finish(request, jobSignal, first);
    });
  }

  /** One signal for the whole job: the caller's cancel or the overall timeout, whichever comes first. */
  async function withJobSignal<T>(
    signal: AbortSignal | undefined,
    work: (jobSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const deadline = deadlineSignal(
      settings.jobTimeoutMs,
      `The OpenAI video job did not finish within ${settings.jobTimeoutMs / 1000} s; it was abandoned.`,
    );
    try {
      return await work(AbortSignal.any([...(signal ? [signal] : []), deadline.signal]));
    } finally {
      deadline.clear();
    }
  }

  /** Starts a job on OpenAI (create, remix, edit or extend); errors say `what` failed. */
  async function begin(
    jobSignal: AbortSignal,
    what: string,
    start: (signal: AbortSignal) => Promise<OpenAiVideo>,
  ): Promise<OpenAiVideo> {
    try {
      return await linkedSignal(jobSignal, start);
    } catch (err) {
      throw jobSignal.aborted ? abortError(jobSignal) : openAiRequestError(err, what);
    }
  }

  /** Polls a started job to completion, downloads the MP4 and normalises it to the plan. */
  async function finish(
    {
      plan,
      outputPath,
      quality,
      onProgress,
    }: Pick<BackendRequest, 'plan' | 'outputPath' | 'quality' | 'onProgress'>,
    jobSignal: AbortSignal,
    video: OpenAiVideo,
  ): Promise<BackendResult> {
    const totalFrames = frameCount(plan);
    onProgress?.({ type: 'started', totalFrames });
    // OpenAI reports percent done; the seam speaks in frames, so percent becomes a share of the plan's frames.
    const report = (v: OpenAiVideo) => {
      const percent = Math.max(0, Math.min(100, v.progress ?? 0));
      onProgress?.({ type: 'frame', framesDone: Math.round((percent / 100) * totalFrames), totalFrames });
    };
    report(video);

    // The Videos API has no cancel endpoint: on abort Kino stops polling and forgets the job, which
    // OpenAI finishes (and bills) on its side. Deleting it is only possible once it has finished.
    const done = await pollUntilDone(client, video, {
      minMs: settings.pollMinMs,
      maxMs: settings.pollMaxMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      maxConsecutiveFailures: settings.maxPollFailures,
      signal: jobSignal,
      onUpdate: report,
    }).catch((err: unknown) => {
      throw jobSignal.aborted ? abortError(jobSignal) : err;
    });

    const work = await mkdtemp(join(tmpdir(), 'kino-openai-'));
    try {
      const downloaded = join(work, `${done.id}.mp4`);
      await download(done.id, downloaded, jobSignal);
      onProgress?.({ type: 'encoding' });
      await normalizeModelVideo({
        inputPath: downloaded,
        outputPath,
        plan,
        ...(quality ? { quality } : {}),
        signal: jobSignal,
      }).catch((err: unknown) => {
        throw jobSignal.aborted ? abortError(jobSignal) : err;
      });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    const seconds = Number(done.seconds);
    return {
      outputPath,
      digitalSourceType: 'trainedAlgorithmicMedia',
      model: done.model,
      job: {
        model: modelName,
        id: done.id,
        ...(Number.isFinite(seconds) && seconds > 0 ? { seconds } : {}),
        ...(done.expires_at ? { expiresAt: done.expires_at } : {}),
      },
    };
  }

  /** The source's OpenAI job when it is one of ours and OpenAI should still have it. */
  function liveJob(job: BackendJob | undefined): BackendJob | undefined {
    if (!job?.model.startsWith('openai/')) return undefined;
    // A minute's margin: the job must still exist when OpenAI starts on the remix.
    if (job.expiresAt !== undefined && job.expiresAt * 1000 < Date.now() + 60_000) return undefined;
    return job;
  }

  /** Streams `GET /videos/{id}/content` to a file without holding the video in memory. */
  async function download(id: string, path: string, jobSignal: AbortSignal): Promise<void> {
    const deadline = deadlineSignal(
      settings.downloadTimeoutMs,
      `Downloading OpenAI video ${id} took longer than ${settings.downloadTimeoutMs / 1000} s; try again later.`,
    );
    const signal = AbortSignal.any([jobSignal, deadline.signal]);
    try {
      const response = await client.videos.downloadContent(
        id,
        { variant: 'video' },
        { signal, timeout: settings.downloadTimeoutMs },
      );
      if (!response.body) throw new KinoError('backend_failed', `OpenAI sent no content for video ${id}.`);
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        createWriteStream(path),
        {
          signal,
        },
      );
    } catch (err) {
      throw signal.aborted ? abortError(signal) : openAiRequestError(err, `Downloading OpenAI video ${id}`);
    } finally {
      deadline.clear();
    }
  }

  return { id: modelName, capabilities, generate, remix, extend };
}

/**
 * What the OpenAI models can do for Kino. Every Kino size works (the nearest OpenAI size is cropped to it);
 * remix keeps the source's length, and an extension adds at most the longest clip length allowed.
 */
export function openAiCapabilities(
  secondsAllowed: readonly number[] = DEFAULT_OPENAI_SECONDS,
): BackendCapabilities {
  const longest = Math.max(...secondsAllowed);
  return {
    sizes: 'any',
    minDurationSec: 1,
    maxDurationSec: longest,
    imageInput: false,
    remix: true,
    extend: true,
    extendMaxSec: longest,
  };
}

function promptOf(plan: VideoPlan): string {
  const prompt = plan.provenance.prompt.trim();
  if (!prompt) {
    throw new KinoError('invalid_prompt', 'The OpenAI backend needs the plan to carry a prompt.', 'prompt');
  }
  return prompt;
}

/** A 404 for the source's id (OpenAI no longer has it) becomes undefined: the pixels are uploaded instead. */
function unlessGone(err: unknown): undefined {
  const cause = isKinoError(err) ? err.cause : err;
  if ((cause as { status?: unknown } | undefined)?.status === 404) return undefined;
  throw err;
}

/** The source MP4 as a multipart file part. */
function sourceUpload(path: string): Promise<Uploadable> {
  return toFile(createReadStream(path), basename(path).replace(/^\.+/, '') || 'source.mp4', {
    type: 'video/mp4',
  });
}

/** A signal that aborts with a `backend_failed` KinoError saying `message` once `ms` have passed. */
function deadlineSignal(ms: number, message: string): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new KinoError('backend_failed', message)), ms);
  // A deadline alone must not keep the process alive.
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
