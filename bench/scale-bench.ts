/**
 * `npm run bench:scale`: one long render spread over 1, 2 and 4 `kino worker` processes.
 *
 * For each worker count it starts the embedded service (SQLite queue, file blobs, real worker processes),
 * queues the same video (fixed prompt and seed, so every run renders the same plan), and times it from
 * enqueue to completed: chunks, join, soundtrack, signing, thumbnail. While it runs it collects each
 * chunk's stats (worker, wall and CPU time) and hard-links the finished segments, so that afterwards the
 * join can be timed on its own. It checks that every run's video is frame-identical (framemd5), prints
 * wall time, speed-up and parallel efficiency, per-chunk cost and join cost, and projects what N machines
 * would give from the measured per-chunk cost.
 *
 * Flags: --workers 1,2,4 (worker processes per run), --seconds 20, --size 1920x1080, --quality standard,
 * --chunk-seconds 2, --threads 1 (render threads per worker), --machines 1,2,4,8,16,32 (projection),
 * --seed 17, --prompt "…", --json out/scale-bench.json.
 */
import { readFileSync } from 'node:fs';
import { link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { frameHashes } from '../src/media/index.ts';
import { joinChunks } from '../src/pipeline/render-segments.ts';
import { parsePlan } from '../src/plan/index.ts';
import { verifyVideo } from '../src/provenance/index.ts';
import { ChunkStats } from '../src/service/chunked-render.ts';
import { createAccount, startService } from '../src/service/index.ts';
import { planLimits } from '../src/service/plans.ts';
import { newVideoId } from '../src/service/video-ids.ts';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2,4' },
    seconds: { type: 'string', default: '20' },
    size: { type: 'string', default: '1920x1080' },
    quality: { type: 'string', default: 'standard' },
    'chunk-seconds': { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    machines: { type: 'string', default: '1,2,4,8,16,32' },
    seed: { type: 'string', default: '17' },
    prompt: {
      type: 'string',
      default: 'a red car drives along a winding mountain road at dusk, the camera follows it',
    },
    json: { type: 'string', default: 'out/scale-bench.json' },
  },
});
const list = (s: string) => s.split(',').map((v) => Number(v.trim()));
const workerCounts = list(values.workers);
const machineCounts = list(values.machines);
const seconds = Number(values.seconds);
const [width, height] = values.size.split('x').map(Number) as [number, number];
const quality = values.quality as 'preview' | 'standard' | 'high';
const threads = Number(values.threads);
const seed = Number(values.seed);

// Every worker process reads these: the job always splits, into chunks of this length.
process.env.KINO_CHUNK_SECONDS = values['chunk-seconds'];
process.env.KINO_CHUNK_MIN_WORK = '0';

interface Run {
  readonly workers: number;
  readonly wallMs: number;
  readonly chunks: ChunkStats[];
  /** From the last chunk stored to the video completed: join, soundtrack, signing, derived images. */
  readonly tailMs: number;
  /** From enqueue to the first chunk starting: leasing, planning, the manifest, chunk jobs. */
  readonly leadMs: number;
  readonly hashes: string[];
  readonly segmentsDir: string;
  readonly videoPath: string;
}

const benchDir = await mkdtemp(join(tmpdir(), 'kino-scale-bench-'));

async function runWith(workers: number): Promise<Run> {
  const dataDir = join(benchDir, `data-${workers}`);
  const segmentsDir = join(benchDir, `segments-${workers}`);
  await mkdir(segmentsDir, { recursive: true });
  const service = await startService({ dataDir, workers, renderThreads: threads, quality });
  try {
    // Let the worker processes boot (load the engine) before the clock starts.
    await new Promise((r) => setTimeout(r, 3000));
    const account = await createAccount(service.store, { name: 'bench', plan: 'pro', credits: 100_000 });
    const id = newVideoId();
    const [video] = await service.store.createVideos([
      {
        id,
        accountId: account.id,
        model: 'kino-procedural',
        prompt: values.prompt,
        seconds,
        width,
        height,
        seed,
        cost: 1,
        watermark: false,
        lane: 'priority',
        style: null,
        createdAt: Math.floor(Date.now() / 1000),
      },
    ]);
    const startMs = Date.now();
    await service.queue.enqueue(
      { videoId: id, accountId: account.id, concurrency: planLimits('pro').concurrency, lane: video!.lane },
      startMs,
    );
    const chunkDir = join(dataDir, 'blobs', 'chunks', id);
    const stats = new Map<number, ChunkStats>();
    let lastChunkMs = startMs;
    let lastPrint = 0;
    for (;;) {
      for (const name of await readdir(chunkDir).catch(() => [] as string[])) {
        const m = /^[0-9a-f]+-(\d{3})\.(json|mp4)$/.exec(name);
        if (!m) continue;
        const index = Number(m[1]);
        if (m[2] === 'mp4') {
          await link(join(chunkDir, name), join(segmentsDir, name)).catch(() => undefined);
        } else if (!stats.has(index)) {
          const text = await readFile(join(chunkDir, name), 'utf8').catch(() => undefined);
          if (!text) continue;
          stats.set(index, ChunkStats.parse(JSON.parse(text)));
          lastChunkMs = Date.now();
        }
      }
      const record = await service.store.videoById(id);
      if (record?.status === 'failed') throw new Error(`the video failed: ${JSON.stringify(record.error)}`);
      if (record?.status === 'completed') break;
      if (Date.now() - lastPrint > 5000) {
        lastPrint = Date.now();
        process.stdout.write(
          `  ${workers} worker(s): ${stats.size} chunks done, ${record?.progress ?? 0}%\n`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const doneMs = Date.now();
    const wallMs = doneMs - startMs;
    const videoPath = join(dataDir, 'blobs', 'videos', id, 'video.mp4');
    const hashes = await frameHashes(videoPath);
    return {
      workers,
      wallMs,
      chunks: [...stats.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s),
      tailMs: doneMs - lastChunkMs,
      leadMs: Math.min(...[...stats.values()].map((c) => c.startedAtMs)) - startMs,
      hashes,
      segmentsDir,
      videoPath,
    };
  } finally {
    await service.close();
  }
}

/** CPU of this process and its exited children (ffmpeg), in ms. */
function cpuMs(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    // Not Linux: own time only.
  }
  return (own.user + own.system) / 1000 + children;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

try {
  console.log(
    `Scale bench: ${seconds} s ${width}x${height} ${quality}, ${values['chunk-seconds']} s chunks, ` +
      `${threads} render thread(s) per worker, on ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'})`,
  );
  const runs: Run[] = [];
  for (const n of workerCounts) {
    console.log(`Rendering on ${n} worker process(es)…`);
    runs.push(await runWith(n));
  }

  // The join on its own, from the first run's segments: concat -c copy, soundtrack synthesis and AAC mux.
  const first = runs[0]!;
  const plan = parsePlan(
    (await verifyVideo(first.videoPath, { dataDir: join(benchDir, 'data-1') })).activeManifest?.plan,
  );
  const segments = (await readdir(first.segmentsDir)).sort().map((f) => join(first.segmentsDir, f));
  const joinCpu0 = cpuMs();
  const joinStart = Date.now();
  await joinChunks(plan, segments, join(benchDir, 'joined.mp4'));
  const joinWallMs = Date.now() - joinStart;
  const joinCpuMs = cpuMs() - joinCpu0;

  console.log(
    '\nworkers  wall      speed-up  efficiency  chunks per worker        lead      tail (join+sign)',
  );
  for (const run of runs) {
    const perWorker = new Map<string, number>();
    for (const c of run.chunks) perWorker.set(c.workerId, (perWorker.get(c.workerId) ?? 0) + 1);
    const speedup = first.wallMs / run.wallMs;
    console.log(
      `${String(run.workers).padEnd(9)}${fmt(run.wallMs).padEnd(10)}${speedup.toFixed(2).padEnd(10)}` +
        `${`${((100 * speedup * first.workers) / run.workers).toFixed(0)}%`.padEnd(12)}` +
        `${[...perWorker.values()].join('/').padEnd(25)}${fmt(run.leadMs).padEnd(10)}${fmt(run.tailMs)}`,
    );
  }
  const identical = runs.every((r) => r.hashes.length > 0 && r.hashes.join() === first.hashes.join());
  console.log(
    `\nFrame-identical across runs (framemd5, ${first.hashes.length} frames): ${identical ? 'yes' : 'NO'}`,
  );

  const chunkCount = first.chunks.length;
  const chunkWall = mean(first.chunks.map((c) => c.wallMs));
  const chunkCpu = mean(first.chunks.map((c) => c.cpuMs));
  const frames = mean(first.chunks.map((c) => c.frames));
  console.log(
    `Per chunk (${frames.toFixed(0)} frames, 1 worker): ${fmt(chunkWall)} wall, ${fmt(chunkCpu)} CPU ` +
      `(${(chunkCpu / frames).toFixed(0)} ms CPU per frame, render + encode)`,
  );
  console.log(`Join (concat -c copy + soundtrack + AAC mux): ${fmt(joinWallMs)} wall, ${fmt(joinCpuMs)} CPU`);

  // N machines, one worker each: the chunks run in ceil(C/N) rounds, between a serial lead (lease, plan,
  // manifest) and a serial tail (join, soundtrack, signing, thumbnail and spritesheet).
  const serialMs = first.leadMs + first.tailMs;
  if (chunkWall > 1.3 * chunkCpu) {
    console.log(
      `(A chunk took ${(chunkWall / chunkCpu).toFixed(1)}× its CPU time in wall time: this machine was busy, so ` +
        'the wall-based figures are pessimistic; the CPU-based column is what an idle core per worker gives.)',
    );
  }
  console.log(
    `\nProjection for N machines, one worker each: T(N) = ${fmt(first.leadMs)} lead + ceil(${chunkCount}/N) × chunk + ` +
      `${fmt(first.tailMs)} tail, with chunk = ${fmt(chunkWall)} (measured wall) or ${fmt(chunkCpu)} (its CPU time)`,
  );
  const project = (perChunk: number, n: number) => {
    const t = serialMs + Math.ceil(chunkCount / n) * perChunk;
    const one = serialMs + chunkCount * perChunk;
    return { wallMs: t, speedup: one / t, efficiency: one / t / n };
  };
  const projection = machineCounts.map((n) => ({
    machines: n,
    fromWall: project(chunkWall, n),
    fromCpu: project(chunkCpu, n),
  }));
  console.log('  N     from wall                       from CPU');
  for (const p of projection) {
    const cell = (x: { wallMs: number; speedup: number; efficiency: number }) =>
      `${fmt(x.wallMs).padEnd(9)} ×${x.speedup.toFixed(2).padEnd(6)} ${(100 * x.efficiency).toFixed(0).padStart(3)}%`.padEnd(
        32,
      );
    console.log(`  ${String(p.machines).padEnd(6)}${cell(p.fromWall)}${cell(p.fromCpu)}`.trimEnd());
  }
  console.log(
    `  (beyond ${chunkCount} machines nothing is gained: shorter chunks (KINO_CHUNK_SECONDS) or longer videos are needed)`,
  );

  await mkdir('out', { recursive: true });
  await writeFile(
    values.json,
    JSON.stringify(
      {
        job: {
          seconds,
          width,
          height,
          quality,
          chunkSeconds: Number(values['chunk-seconds']),
          threads,
          seed,
        },
        cores: availableParallelism(),
        runs: runs.map((r) => ({
          workers: r.workers,
          wallMs: r.wallMs,
          leadMs: r.leadMs,
          tailMs: r.tailMs,
          chunks: r.chunks,
        })),
        identical,
        perChunk: { frames, wallMs: chunkWall, cpuMs: chunkCpu },
        join: { wallMs: joinWallMs, cpuMs: joinCpuMs },
        serialMs,
        projection,
      },
      null,
      2,
    ),
  );
  console.log(`\nWrote ${values.json}`);
} finally {
  await rm(benchDir, { recursive: true, force: true });
}
