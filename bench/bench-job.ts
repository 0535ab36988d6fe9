/**
 * One end-to-end job for `bench/render-bench.ts`, run as its own process so that the parent can
 * measure the whole job's memory (this process, its render threads and ffmpeg) from outside.
 * Reads a plan (JSON file), runs plan → procedural backend → signed MP4, and prints one JSON line:
 * wall-clock phase marks (seconds from the job's start) and CPU milliseconds, own and ffmpeg's.
 *
 * It runs the code `kino` runs: the compiled build when it is current (bin/compiled.js), else the
 * sources.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compiledIsCurrent } from '../bin/compiled.js';
import { processCpuMs } from './cpu.ts';

type Backends = typeof import('../src/backends/index.ts');
type Plans = typeof import('../src/plan/index.ts');
type Pipeline = typeof import('../src/pipeline/index.ts');
const compiled = compiledIsCurrent();
const load = <T>(module: string): Promise<T> =>
  import(compiled ? `../dist/${module}/index.js` : `../src/${module}/index.ts`) as Promise<T>;
const [{ proceduralBackend }, { parsePlan }, { runJob }] = await Promise.all([
  load<Backends>('backends'),
  load<Plans>('plan'),
  load<Pipeline>('pipeline'),
]);

const { values } = parseArgs({
  options: {
    plan: { type: 'string' },
    out: { type: 'string' },
    data: { type: 'string' },
    quality: { type: 'string', default: 'standard' },
    workers: { type: 'string' },
  },
});
const plan = parsePlan(JSON.parse(readFileSync(values.plan!, 'utf8')));
const workers = values.workers ? Number(values.workers) : undefined;
const cpu0 = processCpuMs();
const start = performance.now();
const at = () => (performance.now() - start) / 1000;
const marks: Record<string, number> = {};
await runJob({
  plan,
  outputPath: values.out!,
  dataDir: values.data!,
  backend: proceduralBackend(workers ? { workers } : {}),
  quality: values.quality as 'preview' | 'standard' | 'high',
  onProgress: (event) => {
    if (event.type === 'frame') {
      if (event.framesDone === 1) marks.firstFrame = at();
    } else marks[event.type] = at();
  },
});
const cpu = processCpuMs();
console.log(
  JSON.stringify({
    compiled,
    wall: at(),
    marks,
    cpuOwnMs: cpu.own - cpu0.own,
    cpuChildrenMs: cpu.children - cpu0.children,
  }),
);
