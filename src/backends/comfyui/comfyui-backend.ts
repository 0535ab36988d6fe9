/**
 * The ComfyUI backend: a Kino request becomes a workflow queued on the least busy of the configured
 * ComfyUI servers; progress comes over the websocket, completion and results from `/history`
 * (polled, because sockets stall on long jobs), the video from `/view`, and the file is normalised
 * to the plan's exact format with Kino's soundscape. A prompt that vanished from the server (it
 * restarted) is queued again with a new seed; a cancelled job is interrupted or dequeued there.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KinoError, isKinoError } from '../../errors.ts';
import { frameCount } from '../../plan/index.ts';
import { normalizeModelVideo } from '../normalize.ts';
import type { BackendCapabilities, BackendRequest, BackendResult, VideoBackend } from '../types.ts';
import { pickServer } from './balancer.ts';
import {
  ComfyClient,
  findVideoOutput,
  historyErrorText,
  isUnavailable,
  type HistoryEntry,
} from './client.ts';
import { extendFromLastFrame, remixFromFirstFrame } from './edits.ts';
import { openProgressSocket } from './progress-socket.ts';
import {
  WORKFLOW_TEMPLATES,
  buildWorkflow,
  modelFrames,
  modelSize,
  type WorkflowTemplate,
} from './workflows.ts';

export interface ComfyUiBackendOptions {
  /** One or more server roots, e.g. `http://gpu1:8188`. */
  readonly servers: readonly string[];
  /** A template or its model name (`comfyui/wan2.2-t2v`, `comfyui/wan2.2-i2v`, `comfyui/ltx-video`). */
  readonly template: WorkflowTemplate | string;
  /** Sampler steps; default the template's (halved for `quality: 'preview'`). */
  readonly steps?: number;
  /** How often `/history` is read while a job runs; default 2 s. */
  readonly pollIntervalMs?: number;
  /** Per HTTP request; default 15 s. */
  readonly requestTimeoutMs?: number;
  /** The whole job, queue wait included; default 30 min. */
  readonly jobTimeoutMs?: number;
  /** How long the server may be unreachable mid-job before the job fails; default 60 s. */
  readonly unreachableTimeoutMs?: number;
  /** How often a prompt lost by a restarting server is queued again; default 2. */
  readonly maxResubmits?: number;
  /** Websocket connect and reconnect pacing; defaults 5 s and 1 s. */
  readonly socketConnectTimeoutMs?: number;
  readonly socketReconnectDelayMs?: number;
}

export function comfyUiBackend(options: ComfyUiBackendOptions): VideoBackend {
  const template = typeof options.template === 'string' ? templateFor(options.template) : options.template;
  if (options.servers.length === 0) {
    throw new KinoError(
      'backend_unavailable',
      `${template.model} needs a ComfyUI server: set KINO_COMFYUI_URL.`,
      'model',
    );
  }
  const clients = options.servers.map(
    (url) =>
      new ComfyClient(url, options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  );
  const generateOn =
    (t: WorkflowTemplate) =>
    (request: BackendRequest): Promise<BackendResult> =>
      generate(t, clients, options, request);
  // Remix and extend are image-to-video on the same servers, whatever model made the source.
  const imageToVideo = generateOn(templateFor(EDIT_TEMPLATE));
  return {
    id: template.model,
    capabilities: comfyCapabilities(template),
    generate: generateOn(template),
    remix: (request) => remixFromFirstFrame(imageToVideo, request),
    extend: (request) => extendFromLastFrame(imageToVideo, request),
  };
}

/** The template remix and extend run on: Wan 2.2 image-to-video. */
export const EDIT_TEMPLATE = 'comfyui/wan2.2-i2v';

/** What a template can do; remix and extend are limited by the image-to-video template's length. */
export function comfyCapabilities(template: WorkflowTemplate): BackendCapabilities {
  const longest = (t: WorkflowTemplate) => Math.floor(((t.maxFrames - 1) / t.fps) * 100) / 100;
  const edits = longest(templateFor(EDIT_TEMPLATE));
  return {
    sizes: 'any',
    minDurationSec: 1,
    maxDurationSec: longest(template),
    imageInput: template.imageInput,
    remix: true,
    extend: true,
    remixMaxSec: edits,
    extendMaxSec: edits,
  };
}

export function templateFor(model: string): WorkflowTemplate {
  const template = WORKFLOW_TEMPLATES[model];
  if (!template) {
    throw new KinoError(
      'invalid_request',
      `Unknown ComfyUI model "${model}"; available: ${Object.keys(WORKFLOW_TEMPLATES).join(', ')}.`,
      'model',
    );
  }
  return template;
}

/** Attempt 0 uses the plan's seed; a resubmission must differ, or ComfyUI answers from its cache. */
export function seedFor(planSeed: number, attempt: number): number {
  return (planSeed + Math.imul(attempt, 0x9e3779b1)) >>> 0;
}

async function generate(
  template: WorkflowTemplate,
  clients: readonly ComfyClient[],
  options: ComfyUiBackendOptions,
  request: BackendRequest,
): Promise<BackendResult> {
  const { plan, signal, onProgress } = request;
  if (request.inputImagePath && !template.imageInput) {
    throw new KinoError(
      'invalid_request',
      `${template.model} does not take an input image; use comfyui/wan2.2-i2v.`,
      'image',
    );
  }
  if (template.imageInput && !request.inputImagePath) {
    throw new KinoError('invalid_request', `${template.model} needs an input image.`, 'image');
  }
  const frames = modelFrames(plan.output.durationSec, template); // throws when the model cannot make it
  const size = modelSize(plan.output.width, plan.output.height, template);
  const totalFrames = frameCount(plan);
  onProgress?.({ type: 'started', totalFrames });

  const jobTimeoutMs = options.jobTimeoutMs ?? 30 * 60_000;
  const deadline = AbortSignal.timeout(jobTimeoutMs);
  const jobSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const stopped = (): KinoError =>
    signal?.aborted
      ? new KinoError('cancelled', 'The job was cancelled.')
      : new KinoError(
          'backend_failed',
          `ComfyUI did not finish ${template.model} within ${(jobTimeoutMs / 1000).toFixed(jobTimeoutMs < 10_000 ? 1 : 0)} s.`,
          'model',
        );

  const { client } = await pickServer(clients, jobSignal).catch((err: unknown) => {
    throw jobSignal.aborted ? stopped() : err;
  });
  const image = request.inputImagePath
    ? await client.uploadImage(request.inputImagePath, jobSignal)
    : undefined;
  const baseSteps = options.steps ?? template.defaultSteps;
  const steps =
    request.quality === 'preview' && options.steps === undefined
      ? Math.max(4, Math.ceil(baseSteps / 2))
      : baseSteps;

  const maxResubmits = options.maxResubmits ?? 2;
  let entry: HistoryEntry | undefined;
  for (let attempt = 0; entry === undefined; attempt++) {
    if (attempt > maxResubmits) {
      throw new KinoError(
        'backend_failed',
        `ComfyUI at ${client.baseUrl} lost the prompt ${attempt} times (restarting?).`,
        'model',
      );
    }
    const workflow = buildWorkflow(template, {
      prompt: plan.provenance.prompt,
      negativePrompt: request.negativePrompt ?? template.defaultNegative,
      width: size.width,
      height: size.height,
      frames,
      fps: template.fps,
      seed: seedFor(plan.seed, attempt),
      steps,
      ...(image !== undefined ? { image } : {}),
    });
    entry = await runPrompt(client, workflow, { options, jobSignal, stopped, totalFrames, request });
  }

  const file = findVideoOutput(entry);
  if (!file) {
    throw new KinoError(
      'backend_failed',
      `ComfyUI finished ${template.model} but listed no video output (is the workflow's save node a video node?).`,
      'model',
    );
  }
  const downloaded = join(
    dirname(request.outputPath),
    `.${basename(request.outputPath)}.comfy-${randomBytes(4).toString('hex')}.mp4`,
  );
  try {
    await client.download(file, downloaded, jobSignal).catch((err: unknown) => {
      throw jobSignal.aborted ? stopped() : err;
    });
    onProgress?.({ type: 'encoding' });
    await normalizeModelVideo({
      inputPath: downloaded,
      outputPath: request.outputPath,
      plan,
      ...(request.quality ? { quality: request.quality } : {}),
      signal: jobSignal,
    }).catch((err: unknown) => {
      throw jobSignal.aborted ? stopped() : err;
    });
  } finally {
    await rm(downloaded, { force: true });
  }
  return {
    outputPath: request.outputPath,
    digitalSourceType: 'trainedAlgorithmicMedia',
    model: template.model,
  };
}

interface PromptContext {
  readonly options: ComfyUiBackendOptions;
  readonly jobSignal: AbortSignal;
  readonly stopped: () => KinoError;
  readonly totalFrames: number;
  readonly request: BackendRequest;
}

/** Queues one workflow and waits for its history entry; undefined when the server lost the prompt. */
async function runPrompt(
  client: ComfyClient,
  workflow: ReturnType<typeof buildWorkflow>,
  ctx: PromptContext,
): Promise<HistoryEntry | undefined> {
  const { options, jobSignal, totalFrames } = ctx;
  const clientId = randomUUID();
  let promptId: string | undefined;
  let framesShown = 0;
  let nudge: () => void = () => {};
  const socket = openProgressSocket({
    baseUrl: client.baseUrl,
    clientId,
    ...(options.socketConnectTimeoutMs ? { connectTimeoutMs: options.socketConnectTimeoutMs } : {}),
    ...(options.socketReconnectDelayMs ? { reconnectDelayMs: options.socketReconnectDelayMs } : {}),
    onEvent(event) {
      if (event.type === 'queue' || event.promptId !== promptId) return;
      if (event.type === 'progress' && event.max > 0) {
        // Sampler steps become a share of the plan's frames; never backwards (the decoder reports too).
        const shown = Math.min(totalFrames - 1, Math.floor((event.value / event.max) * totalFrames));
        if (shown > framesShown) {
          framesShown = shown;
          ctx.request.onProgress?.({ type: 'frame', framesDone: shown, totalFrames });
        }
      }
      if (event.type === 'finished' || event.type === 'failed') nudge();
    },
  });
  try {
    // Listen before queueing so no message is missed; a socket that will not open is no reason to wait.
    await socket.ready;
    promptId = await client.queuePrompt(workflow, clientId, jobSignal).catch((err: unknown) => {
      throw jobSignal.aborted ? ctx.stopped() : err;
    });
    const pollMs = options.pollIntervalMs ?? 2_000;
    const unreachableMs = options.unreachableTimeoutMs ?? 60_000;
    let unreachableSince: number | undefined;
    for (;;) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          jobSignal.removeEventListener('abort', done);
          nudge = () => {};
          resolve();
        }
        nudge = done;
        jobSignal.addEventListener('abort', done, { once: true });
      });
      if (jobSignal.aborted) {
        await cancelOnServer(client, promptId);
        throw ctx.stopped();
      }
      try {
        const state = await promptState(client, promptId, jobSignal);
        unreachableSince = undefined;
        if (state === 'lost') return undefined;
        if (state !== 'waiting') return state;
      } catch (err) {
        if (jobSignal.aborted) {
          await cancelOnServer(client, promptId);
          throw ctx.stopped();
        }
        if (!isUnavailable(err)) throw err;
        unreachableSince ??= Date.now();
        if (Date.now() - unreachableSince > unreachableMs) {
          throw new KinoError(
            'backend_unavailable',
            `${(err as KinoError).message} It stayed unreachable for ${Math.round(unreachableMs / 1000)} s mid-job.`,
            'model',
            { cause: err },
          );
        }
      }
    }
  } finally {
    socket.close();
  }
}

/** `/history` first (the truth), then `/queue` to tell "still waiting" from "lost". */
async function promptState(
  client: ComfyClient,
  promptId: string,
  signal: AbortSignal,
): Promise<HistoryEntry | 'waiting' | 'lost'> {
  const judge = (entry: HistoryEntry): HistoryEntry | 'waiting' => {
    if (entry.status?.status_str === 'error') {
      throw new KinoError(
        'backend_failed',
        `ComfyUI could not make the video: ${historyErrorText(entry)}.`,
        'model',
      );
    }
    return entry.status?.completed === false ? 'waiting' : entry;
  };
  const entry = await client.history(promptId, signal);
  if (entry) return judge(entry);
  const queue = await client.queue(signal);
  if (queue.running.includes(promptId) || queue.pending.includes(promptId)) return 'waiting';
  // It may have finished between the two reads.
  const again = await client.history(promptId, signal);
  return again ? judge(again) : 'lost';
}

/** Stops a running prompt or drops a queued one; best effort, bounded by the client's timeouts. */
async function cancelOnServer(client: ComfyClient, promptId: string): Promise<void> {
  try {
    const queue = await client.queue();
    if (queue.running.includes(promptId)) await client.interrupt(promptId);
    else if (queue.pending.includes(promptId)) await client.deleteQueued(promptId);
  } catch (err) {
    if (!isKinoError(err)) throw err;
  }
}
