/**
 * Renders a plan's frames on worker threads and hands them out in order, with bounded look-ahead:
 * at most `maxAhead` frames exist at once, so memory stays flat however long the video is, and a
 * slow consumer (the encoder) throttles rendering instead of queueing frames.
 *
 * A yielded frame is the consumer's until it asks for the next one; I420 frames are then handed
 * back to a worker to be drawn into again.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KinoError } from '../../errors.ts';
import type { VideoPlan } from '../../plan/index.ts';
import type { FrameFormat, WorkerReply, WorkerRequest } from './messages.ts';

export interface FramePoolOptions {
  /** Worker threads; default: one per core. */
  readonly workers?: number;
  /** First and last+1 frame to render (for chunked renders); default the whole plan. */
  readonly start?: number;
  readonly end?: number;
  /** 'rgba' (default) or 'i420', graded and converted in the workers for the encoder. */
  readonly format?: FrameFormat;
  readonly signal?: AbortSignal;
}

function spawnWorker(plan: VideoPlan, format: FrameFormat): Worker {
  const workerData = { plan, format };
  // The compiled build runs the worker bundled into one file (scripts/bundle-render-worker.mjs).
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./render-worker.bundle.js', import.meta.url), { workerData });
  // Running from TypeScript sources (tsx, vitest): register tsx's loader inside the worker first;
  // Node 20 does not apply `--import` hooks to a worker's entry module.
  const entry = new URL('./render-worker.ts', import.meta.url).href;
  // (Vitest's module runner has no import.meta.resolve; require.resolve finds the same package.)
  const tsx =
    typeof import.meta.resolve === 'function'
      ? import.meta.resolve('tsx/esm/api')
      : pathToFileURL(
          createRequire(import.meta.url)
            .resolve('tsx/esm/api')
            .replace(/\.cjs$/, '.mjs'),
        ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

export async function* renderFrames(
  plan: VideoPlan,
  options: FramePoolOptions = {},
): AsyncGenerator<Uint8Array> {
  const total = Math.round(plan.output.durationSec * plan.output.fps);
  const start = options.start ?? 0;
  const end = Math.min(options.end ?? total, total);
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), end - start));
  const maxAhead = count * 2 + 1;
  const format = options.format ?? 'rgba';
  const workers = Array.from({ length: count }, () => spawnWorker(plan, format));
  const spare: ArrayBuffer[] = [];

  const ready = new Map<number, Uint8Array>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let nextToDispatch = start;
  let nextToYield = start;
  const idle: Worker[] = [];

  const dispatch = () => {
    while (idle.length > 0 && nextToDispatch < end && nextToDispatch - nextToYield < maxAhead) {
      const worker = idle.pop()!;
      const buffer = spare.pop();
      const request: WorkerRequest = {
        type: 'render',
        frame: nextToDispatch++,
        ...(buffer ? { buffer } : {}),
      };
      worker.postMessage(request, buffer ? [buffer] : []);
    }
  };

  for (const worker of workers) {
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'frame') {
        ready.set(msg.frame, new Uint8Array(msg.pixels));
        idle.push(worker);
        dispatch();
      } else {
        failure ??= new KinoError('render_failed', `rendering frame ${msg.frame} failed: ${msg.message}`);
      }
      notify();
    });
    worker.on('error', (err) => {
      failure ??= new KinoError('render_failed', `a render worker crashed: ${err.message}`, undefined, {
        cause: err,
      });
      notify();
    });
    idle.push(worker);
  }
  const onAbort = () => {
    failure ??= new KinoError('cancelled', 'rendering was cancelled');
    notify();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    if (options.signal?.aborted) onAbort();
    dispatch();
    while (nextToYield < end) {
      if (failure) throw failure;
      const frame = ready.get(nextToYield);
      if (!frame) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      ready.delete(nextToYield);
      nextToYield++;
      dispatch();
      yield frame;
      if (format === 'i420') spare.push(frame.buffer as ArrayBuffer);
    }
    if (failure) throw failure;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
