/**
 * One end-to-end job for `bench/render-bench.ts`, run as its own process so that the parent can
 * measure the whole job's memory (this process, its render threads and ffmpeg) from outside.
 * Reads a plan (JSON file), runs plan → procedural backend → signed MP4, and prints one JSON line:
 * wall-clock phase marks (seconds from the job's start) and CPU milliseconds, own and ffmpeg's.
 *
 * It runs the code `kino` runs, the way bin/kino.js runs it: the compiled build when it is current
 * (bin/compiled.js), with no TypeScript loader in the process or its render threads; else the sources
 * through tsx. Hence plain JavaScript.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compiledIsCurrent } from '../bin/compiled.js';
import { processCpuMs } from './cpu.js';

const compiled = compiledIsCurrent();
if (!compiled) (await import('tsx/esm/api')).register();
/** @param {string} module */
const load = (module) => import(compiled ? `../dist/${module}/index.js` : `../src/${module}/index.ts`);
/** @type {[typeof import('../src/backends/index.ts'), typeof import('../src/plan/index.ts'), typeof import('../src/pipeline/index.ts')]} */
const [{ proceduralBackend }, { parsePlan }, { runJob }] = await Promise.all([
  load('backends'),
  load('plan'),
  load('pipeline'),
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
const plan = parsePlan(JSON.parse(readFileSync(String(values.plan), 'utf8')));
const workers = values.workers ? Number(values.workers) : undefined;
const cpu0 = processCpuMs();
const start = performance.now();
const at = () => (performance.now() - start) / 1000;
/** @type {Record<string, number>} */
const marks = {};
await runJob({
  plan,
  outputPath: String(values.out),
  dataDir: String(values.data),
  backend: proceduralBackend(workers ? { workers } : {}),
  quality: /** @type {'preview' | 'standard' | 'high'} */ (values.quality),
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
