/** Backends for service tests: real, tiny MP4s without the cost of the scene engine. */
import { readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { VideoBackend } from '../../src/backends/index.ts';
import { openVideoEncoder } from '../../src/media/index.ts';
import { frameCount } from '../../src/plan/index.ts';
import type { Queue } from '../../src/service/queue.ts';
import type { Store, VideoRecord } from '../../src/service/store.ts';

/**
 * Flat frames whose grey level follows the seed (8 levels apart, so consecutive seeds stay distinct after
 * YUV rounding), stretched over about `renderMs` so that jobs overlap.
 */
export function tinyBackend(options: { renderMs?: number } = {}): VideoBackend {
  return {
    id: 'tiny-test',
    async generate({ plan, outputPath, signal, onProgress }) {
      const total = frameCount(plan);
      const { width, height, fps } = plan.output;
      onProgress?.({ type: 'started', totalFrames: total });
      const encoder = await openVideoEncoder({
        outputPath,
        width,
        height,
        fps,
        frameCount: total,
        quality: 'preview',
        ...(signal ? { signal } : {}),
      });
      try {
        const frame = new Uint8Array(width * height * 4).fill(40 + (plan.seed % 20) * 8);
        for (let i = 0; i < total; i++) {
          await encoder.writeFrame(frame);
          onProgress?.({ type: 'frame', framesDone: i + 1, totalFrames: total });
          if (options.renderMs) await sleep(options.renderMs / total, undefined, signal ? { signal } : {});
        }
        await encoder.finish();
      } catch (err) {
        await encoder.abort(err);
        throw err;
      }
      return { outputPath, digitalSourceType: 'algorithmicMedia', model: 'tiny-test' };
    },
  };
}

/** A backend that renders until it is aborted. */
export function hangingBackend(): VideoBackend {
  return {
    id: 'hanging',
    generate: ({ signal, onProgress }) =>
      new Promise((_, reject) => {
        onProgress?.({ type: 'started', totalFrames: 1 });
        if (signal?.aborted) reject(signal.reason as Error);
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      }),
  };
}

/** Polls `check` until it holds; on timeout the error carries what `describe` reports of the state then. */
export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  describe?: () => Promise<unknown> | unknown,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const state = describe ? `: ${JSON.stringify(await describe())}` : '';
      throw new Error(`condition not met in time${state}`);
    }
    await sleep(25);
  }
}

/**
 * Waits until a chunk queue has nothing waiting or running and a video's chunk folder is empty or gone;
 * on timeout the error says what was left.
 */
export async function untilChunksGone(
  chunks: Pick<Queue, 'stats'>,
  folder: string,
  timeoutMs: number,
): Promise<void> {
  const state = async () => {
    const { running, waiting } = chunks.stats();
    return { running, waiting, left: await readdir(folder).catch(() => []) };
  };
  await until(
    async () => {
      const { running, waiting, left } = await state();
      return running === 0 && waiting === 0 && left.length === 0;
    },
    timeoutMs,
    state,
  );
}

/** Waits on the store (not the HTTP API, whose rate limits a tight poll would hit) until a video finishes. */
export async function finished(store: Store, id: string, timeoutMs = 120_000): Promise<VideoRecord> {
  let video: VideoRecord | undefined;
  await until(async () => {
    video = await store.videoById(id);
    return video?.status === 'completed' || video?.status === 'failed';
  }, timeoutMs);
  return video!;
}
