/**
 * `npm run bench`: how fast Kino turns a plan into a finished, signed video on this machine.
 *
 * The main case (default: the pirate prompt, 20 s at 1920x1080@30, quality standard) prints:
 *   - render-only: frames from the worker pool (graded, in I420 as the encoder takes them), discarded;
 *   - encode-only: the encoder fed already-rendered frames (a cycle sampled across the video, held in
 *     memory), i.e. the ceiling that the whole job cannot beat;
 *   - end-to-end: the whole job (audio, render, encode, C2PA signing) in its own process, with its
 *     phases, its CPU time per frame and the peak memory of the process tree (node, its render
 *     threads and ffmpeg, sampled every 50 ms);
 *   - ratios against the encode-only ceiling measured in the same run, so a busy machine shifts the
 *     numbers together, and CPU milliseconds per frame, which a busy machine shifts far less.
 * Then a short clip (5 s at 854x480) end to end, for start-up costs. The end-to-end jobs run the
 * compiled build, as `kino` does after `npm run setup` (built first when out of date), and sign with
 * credentials made before them in the bench's data directory, as every job after an installation's
 * first does.
 *
 * Targets (issue 5, on an otherwise idle 2-core machine): 1080p30 end-to-end at ≥ 1.0× realtime,
 * the 5 s 480p clip in under 2 s, peak memory under 1.5 GiB.
 *
 * Flags: --prompt (a showcase name or a prompt), --size WxH, --seconds N, --quality q, --workers N,
 * --cycle N (encode-only cycle length), --no-short, --only-short.
 */
import { execFileSync, spawn } from 'node:child_process';
import { compiledIsCurrent } from '../bin/compiled.js';
import { reexecWithMallocTuning, withMallocTuning } from '../bin/malloc-tuning.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderFrames } from '../src/backends/index.ts';
import { SHOWCASE_PROMPTS, directPrompt } from '../src/director/index.ts';
import { openVideoEncoder, probeMedia } from '../src/media/index.ts';
import { frameCount, type VideoPlan } from '../src/plan/index.ts';
import { parseSize } from '../src/pipeline/index.ts';
import { prepareSigning } from '../src/provenance/index.ts';
import { processCpuMs, treeRssMiB } from './cpu.js';

// Measure with the malloc tuning `kino` itself runs with; the re-executed child does the work and this
// process only waits for it to exit.
if (reexecWithMallocTuning()) await new Promise<never>(() => {});

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1920x1080' },
    seconds: { type: 'string', default: '20' },
    prompt: { type: 'string', default: 'pirate' },
    quality: { type: 'string', default: 'standard' },
    workers: { type: 'string' },
    cycle: { type: 'string', default: '60' },
    'no-short': { type: 'boolean', default: false },
    'only-short': { type: 'boolean', default: false },
  },
});
type Quality = 'preview' | 'standard' | 'high';
const quality = values.quality as Quality;
const workers = values.workers ? Number(values.workers) : undefined;
const prompt = SHOWCASE_PROMPTS[values.prompt as keyof typeof SHOWCASE_PROMPTS] ?? values.prompt!;
const MEMORY_LIMIT_MIB = 1536;
const dir = mkdtempSync(join(tmpdir(), 'kino-bench-'));
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function planFor(size: string, seconds: number): VideoPlan {
  const { width, height } = parseSize(size);
  return directPrompt(prompt, { seed: 42, width, height, fps: 30, durationSec: seconds });
}

interface JobReport {
  readonly compiled: boolean;
  readonly wall: number;
  readonly marks: Record<string, number>;
  readonly cpuOwnMs: number;
  readonly cpuChildrenMs: number;
  readonly peakRssMiB: number;
  readonly processWall: number;
  readonly outputPath: string;
}

/** Runs one signed job in a child process, sampling the memory of its whole process tree. */
async function endToEnd(plan: VideoPlan, label: string): Promise<JobReport> {
  const planPath = join(dir, `${label}.plan.json`);
  const outputPath = join(dir, `${label}.mp4`);
  writeFileSync(planPath, JSON.stringify(plan));
  const script = fileURLToPath(new URL('./bench-job.js', import.meta.url));
  const args = [script, '--plan', planPath, '--out', outputPath];
  args.push(
    '--data',
    join(dir, 'data'),
    '--quality',
    quality,
    ...(workers ? ['--workers', String(workers)] : []),
  );
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: withMallocTuning(process.env),
  });
  let peakRssMiB = 0;
  const sample = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, treeRssMiB(child.pid!))), 50);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sample);
  if (code !== 0) throw new Error(`the ${label} job exited with ${code}`);
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<
    JobReport,
    'peakRssMiB' | 'processWall' | 'outputPath'
  >;
  return { ...report, peakRssMiB, processWall: (performance.now() - started) / 1000, outputPath };
}

async function describeJob(plan: VideoPlan, job: JobReport): Promise<void> {
  const total = frameCount(plan);
  const seconds = plan.output.durationSec;
  const probe = await probeMedia(job.outputPath);
  const m = job.marks;
  console.log(
    `end-to-end      ${fmt(total / job.wall)} fps, ${fmt(job.wall, 2)} s wall for ${seconds} s of video ` +
      `= ${fmt(seconds / job.wall, 2)}x realtime (process incl. node start-up: ${fmt(job.processWall, 2)} s; ` +
      `${job.compiled ? 'the compiled build' : 'the TypeScript sources'})`,
  );
  console.log(
    `  CPU           ${fmt((job.cpuOwnMs + job.cpuChildrenMs) / total)} ms/frame ` +
      `(node + render threads ${fmt(job.cpuOwnMs / total)}, ffmpeg ${fmt(job.cpuChildrenMs / total)})`,
  );
  console.log(
    `  phases        first frame at ${fmt(m.firstFrame ?? NaN, 2)} s, last frame ${fmt(m.encoding ?? NaN, 2)} s, ` +
      `encoder done ${fmt(m.signing ?? NaN, 2)} s, signed ${fmt(m.done ?? NaN, 2)} s`,
  );
  console.log(
    `  output        ${probe.video?.frameCount} frames, ${fmt(probe.sizeBytes / 2 ** 20)} MiB, ` +
      `${fmt((probe.sizeBytes * 8) / seconds / 1e6, 2)} Mbit/s (${fmt(probe.sizeBytes / seconds / 1024, 0)} KiB per video second)`,
  );
  console.log(
    `  memory        peak RSS of the job ${fmt(job.peakRssMiB, 0)} MiB (node + render threads + ffmpeg), ` +
      `limit ${MEMORY_LIMIT_MIB} MiB: ${verdict(job.peakRssMiB < MEMORY_LIMIT_MIB)}`,
  );
}

async function mainCase(): Promise<void> {
  const plan = planFor(values.size!, Number(values.seconds));
  const { width, height } = plan.output;
  const total = frameCount(plan);
  const pool = { format: 'i420' as const, ...(workers ? { workers } : {}) };
  console.log(
    `kino bench: ${width}x${height}@30, ${plan.output.durationSec} s (${total} frames), quality ${quality}, ` +
      `render threads ${workers ?? availableParallelism()}, ${availableParallelism()} cores`,
  );

  let cpu = process.cpuUsage();
  let t = performance.now();
  let n = 0;
  for await (const _ of renderFrames(plan, pool)) n++;
  const renderFps = n / ((performance.now() - t) / 1000);
  const renderCpu = cpuMs(process.cpuUsage(cpu)) / n;
  console.log(`render-only     ${fmt(renderFps)} fps, ${fmt(renderCpu)} ms CPU/frame (graded, I420)`);

  // Encode-only: a cycle of real frames sampled across the video, fed repeatedly to the encoder.
  const cycleLength = Math.min(total, Number(values.cycle));
  const picks = Array.from({ length: cycleLength }, (_, i) => Math.floor((i * total) / cycleLength));
  const cycle: Uint8Array[] = [];
  let next = 0;
  for await (const frame of renderFrames(plan, pool)) {
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
    pixelFormat: 'i420',
  });
  const children = processCpuMs().children;
  cpu = process.cpuUsage();
  t = performance.now();
  for (let i = 0; i < total; i++) await encoder.writeFrame(cycle[i % cycle.length]!);
  await encoder.finish();
  const encodeFps = total / ((performance.now() - t) / 1000);
  const encodeCpu = (processCpuMs().children - children + cpuMs(process.cpuUsage(cpu))) / total;
  cycle.length = 0;
  console.log(`encode-only     ${fmt(encodeFps)} fps, ${fmt(encodeCpu)} ms CPU/frame (ceiling)`);

  const job = await endToEnd(plan, 'main');
  await describeJob(plan, job);
  const e2eFps = total / job.wall;
  console.log(
    `ratios          render/encode ${fmt(renderFps / encodeFps, 2)}, end-to-end/encode ${fmt(e2eFps / encodeFps, 2)} ` +
      `(wall); CPU budget for realtime on these cores ${fmt((1000 / 30) * availableParallelism(), 0)} ms/frame`,
  );
  if (width === 1920 && height === 1080) {
    const factor = plan.output.durationSec / job.wall;
    console.log(`target          1080p30 ≥ 1.0x realtime: ${verdict(factor >= 1)} (${fmt(factor, 2)}x)`);
  }
}

async function shortCase(): Promise<void> {
  const plan = planFor('854x480', 5);
  console.log(`\nshort clip: 854x480@30, 5 s (${frameCount(plan)} frames), quality ${quality}`);
  const job = await endToEnd(plan, 'short');
  await describeJob(plan, job);
  console.log(`target          5 s at 480p in under 2 s: ${verdict(job.wall < 2)} (${fmt(job.wall, 2)} s)`);
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

try {
  // The end-to-end jobs run what `kino` runs after `npm run setup`: the compiled build.
  if (!compiledIsCurrent()) {
    console.log('building dist/ (npm run build), which the end-to-end jobs run…');
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  }
  // A data directory's signing credentials are made by the first job that signs there (≈ 0.2 s, once per
  // installation); made here, every timed job signs with existing ones, whichever cases run.
  await prepareSigning(join(dir, 'data'));
  if (!values['only-short']) await mainCase();
  if (!values['no-short']) await shortCase();
  console.log('\nWall-clock numbers depend on what else runs on the machine; CPU per frame much less so.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
