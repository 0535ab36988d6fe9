/**
 * `npm run bench`: how fast Kino turns a prompt into a finished video on this machine.
 *
 * Prints, for one plan (default: the pirate prompt, 20 s at 1920x1080@30):
 *   - render-only fps: frames from the worker pool, discarded;
 *   - encode-only fps: the encoder fed already-rendered frames (a cycle of frames sampled across
 *     the video, held in memory), i.e. the ceiling that rendering cannot beat;
 *   - end-to-end fps and realtime factor: the whole job (audio, render, encode, C2PA signing).
 * Ratios are against the encode-only ceiling measured in the same run, so a busy machine shifts
 * all numbers together. Flags: --size WxH, --seconds N, --prompt "...", --quality q, --workers N.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { proceduralBackend, renderFrames } from '../src/backends/index.ts';
import { SHOWCASE_PROMPTS, directPrompt } from '../src/director/index.ts';
import { openVideoEncoder, probeMedia } from '../src/media/index.ts';
import { frameCount } from '../src/plan/index.ts';
import { parseSize, runJob } from '../src/pipeline/index.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1920x1080' },
    seconds: { type: 'string', default: '20' },
    prompt: { type: 'string', default: SHOWCASE_PROMPTS.pirate },
    quality: { type: 'string', default: 'standard' },
    workers: { type: 'string' },
    cycle: { type: 'string', default: '60' },
  },
});
const quality = values.quality as 'preview' | 'standard' | 'high';
const workers = values.workers ? Number(values.workers) : undefined;
const { width, height } = parseSize(values.size!);
const plan = directPrompt(values.prompt!, {
  seed: 42,
  width,
  height,
  fps: 30,
  durationSec: Number(values.seconds),
});
const total = frameCount(plan);
const dir = mkdtempSync(join(tmpdir(), 'kino-bench-'));
const rss = () => process.memoryUsage().rss / 2 ** 20;
let peakRss = rss();
const sample = setInterval(() => (peakRss = Math.max(peakRss, rss())), 100);

try {
  console.log(
    `kino bench: ${width}x${height}@30, ${plan.output.durationSec}s (${total} frames), quality ${quality}, workers ${workers ?? 'auto'}`,
  );

  let t = performance.now();
  let n = 0;
  for await (const _ of renderFrames(plan, workers ? { workers } : {})) n++;
  const renderFps = n / ((performance.now() - t) / 1000);
  console.log(`render-only     ${renderFps.toFixed(1)} fps`);

  // Encode-only: a cycle of real frames sampled across the video, fed repeatedly to the encoder.
  const cycleLength = Math.min(total, Number(values.cycle));
  const picks = Array.from({ length: cycleLength }, (_, i) => Math.floor((i * total) / cycleLength));
  const cycle: Uint8Array[] = [];
  let next = 0;
  for await (const frame of renderFrames(plan, workers ? { workers } : {})) {
    if (picks[cycle.length] === next) cycle.push(frame.slice());
    if (cycle.length === cycleLength) break;
    next++;
  }
  const encoder = await openVideoEncoder({
    outputPath: join(dir, 'encode-only.mp4'),
    width,
    height,
    fps: 30,
    frameCount: total,
    quality,
  });
  t = performance.now();
  for (let i = 0; i < total; i++) await encoder.writeFrame(cycle[i % cycle.length]!);
  await encoder.finish();
  const encodeFps = total / ((performance.now() - t) / 1000);
  cycle.length = 0;
  console.log(`encode-only     ${encodeFps.toFixed(1)} fps (ceiling)`);

  const out = join(dir, 'end-to-end.mp4');
  t = performance.now();
  await runJob({
    plan,
    outputPath: out,
    dataDir: join(dir, 'data'),
    backend: proceduralBackend(workers ? { workers } : {}),
    quality,
  });
  const wall = (performance.now() - t) / 1000;
  const probe = await probeMedia(out);
  const e2eFps = total / wall;
  console.log(
    `end-to-end      ${e2eFps.toFixed(1)} fps, ${wall.toFixed(1)} s wall for ${plan.output.durationSec} s of video`,
  );
  console.log(
    `realtime factor ${(plan.output.durationSec / wall).toFixed(2)}x (video seconds per wall second)`,
  );
  console.log(
    `ratios          render/encode ${(renderFps / encodeFps).toFixed(2)}, end-to-end/encode ${(e2eFps / encodeFps).toFixed(2)}`,
  );
  console.log(
    `output          ${probe.video?.frameCount} frames, ${(probe.sizeBytes / 2 ** 20).toFixed(1)} MiB; peak RSS of this process ${peakRss.toFixed(0)} MiB (workers share it)`,
  );
} finally {
  clearInterval(sample);
  rmSync(dir, { recursive: true, force: true });
}
