/**
 * `npm run bench:service`: how the HTTP API holds up while renders run.
 *
 * Starts the embedded service on loopback with real render workers, makes a pro account and one
 * finished video, then polls that video's status with autocannon (a separate process, so the load
 * generator does not share the server's event loop):
 *   1. idle: nothing rendering;
 *   2. busy: renders queued past the admission threshold, with a sign-up tried every 250 ms.
 * It prints requests/s and latency percentiles for both, and what the sign-ups got (503 while the queue
 * is saturated), then drains the queue and times how long sign-ups take to reopen.
 * Flags: --duration S (per phase, default 8), --connections N (default 10), --renders N (default 4),
 * --seconds N (length of each queued render, default 4).
 * Rate limits are raised for the bench account: this measures the server, not the limiter.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { createAccount, createApiKey, startService, type RunningService } from '../src/service/index.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    renders: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '4' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const renders = Number(values.renders);

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

const exec = promisify(execFile);

/** autocannon in its own process, reporting JSON. */
async function cannon(url: string, key: string): Promise<CannonResult & { cpuUsPerRequest: number }> {
  const cpu = process.cpuUsage();
  const { stdout } = await exec(
    'node_modules/.bin/autocannon',
    ['-j', '-c', String(connections), '-d', String(duration), '-H', `authorization=Bearer ${key}`, url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const used = process.cpuUsage(cpu);
  const result = JSON.parse(stdout) as CannonResult;
  // This process serves the API; renders run in worker processes and autocannon in its own.
  return { ...result, cpuUsPerRequest: (used.user + used.system) / Math.max(1, result.requests.total) };
}

async function json(service: RunningService, method: string, path: string, key?: string, body?: unknown) {
  const res = await fetch(`${service.url}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unlimited = { capacity: 1e12, refillPerSec: 1e12 };

const dataDir = await mkdtemp(join(tmpdir(), 'kino-service-bench-'));
const service = await startService({
  dataDir,
  quality: 'preview',
  workers: 1,
  renderThreads: 1,
  rateLimits: { anonymous: unlimited, free: unlimited, pro: unlimited },
  admission: { pauseAtBacklog: 2, resumeAtBacklog: 0, minPauseMs: 2000, retryAfterSec: 30 },
});

try {
  await createAccount(service.store, { name: 'bench', plan: 'pro' });
  const key = await createApiKey(service.store, 'bench');
  const create = (seconds: string) =>
    json(service, 'POST', '/v1/videos', key, {
      prompt: 'a lighthouse in fog at dusk',
      size: '480x480',
      seconds,
    });
  const waitFor = async (id: string) => {
    for (;;) {
      const v = await json(service, 'GET', `/v1/videos/${id}`, key);
      if (v.body.status === 'completed' || v.body.status === 'failed') return v.body.status;
      await sleep(200);
    }
  };

  const first = await create('1');
  process.stdout.write(`rendering a first video (${String(first.body.id)})…\n`);
  process.stdout.write(`  ${await waitFor(String(first.body.id))}\n`);
  const pollUrl = `${service.url}/v1/videos/${String(first.body.id)}`;

  process.stdout.write(`phase 1: idle, polling for ${duration} s with ${connections} connections…\n`);
  const idle = await cannon(pollUrl, key);

  const queued = [];
  for (let i = 0; i < renders; i++) queued.push(String((await create(values.seconds)).body.id));
  process.stdout.write(`phase 2: ${renders} renders of ${values.seconds} s queued on 1 worker, polling…\n`);
  const signups: number[] = [];
  const retryAfter = new Set<string>();
  let trying = true;
  const signupLoop = (async () => {
    for (let i = 0; trying; i++) {
      const res = await json(service, 'POST', '/v1/accounts', undefined, {
        email: `user${i}@bench.example`,
        password: 'bench password',
      });
      signups.push(res.status);
      if (res.headers.get('retry-after')) retryAfter.add(res.headers.get('retry-after')!);
      await sleep(250);
    }
  })();
  const busy = await cannon(pollUrl, key);
  trying = false;
  await signupLoop;
  const stats = service.queue.stats();

  // Drain: delete what is still queued or rendering, then time the reopening (min pause 2 s).
  const drainedAt = performance.now();
  for (const id of queued) await json(service, 'DELETE', `/v1/videos/${id}`, key);
  let reopenMs = 0;
  for (let i = 0; ; i++) {
    const res = await json(service, 'POST', '/v1/accounts', undefined, {
      email: `after${i}@bench.example`,
      password: 'bench password',
    });
    if (res.status === 201) {
      reopenMs = performance.now() - drainedAt;
      break;
    }
    await sleep(100);
  }

  const count = (status: number) => signups.filter((s) => s === status).length;
  const row = (name: string, r: CannonResult & { cpuUsPerRequest: number }) =>
    `| ${name.padEnd(24)} | ${r.requests.average.toFixed(0).padStart(7)} | ${String(r.latency.p50).padStart(6)} | ` +
    `${String(r.latency.p99).padStart(6)} | ${String(r.latency.max).padStart(6)} | ${String(r.non2xx + r.errors).padStart(6)} | ${r.cpuUsPerRequest.toFixed(0).padStart(10)} |`;
  const report = [
    '',
    `GET /v1/videos/{id} on loopback, ${connections} connections, ${duration} s per phase:`,
    '',
    '| phase                    |   req/s | p50 ms | p99 ms | max ms | errors | CPU µs/req |',
    '| ------------------------ | ------: | -----: | -----: | -----: | -----: | ---------: |',
    row('idle', idle),
    row(`${renders} renders queued`, busy),
    '',
    `queue at the end of phase 2: ${stats.running} running, ${stats.waiting} waiting on ${stats.workers} worker(s)`,
    `sign-ups during phase 2: ${signups.length} tried, ${count(201)} × 201, ${count(503)} × 503 ` +
      `(Retry-After ${[...retryAfter].join(', ') || '–'} s)`,
    `sign-ups reopened ${(reopenMs / 1000).toFixed(1)} s after the queue was drained (a pause lasts at least 2 s from its start)`,
    '',
  ].join('\n');
  process.stdout.write(report);
  await mkdir('out', { recursive: true });
  await writeFile(
    'out/service-bench.json',
    JSON.stringify({ idle, busy, signups, reopenMs, queue: stats }, null, 2),
  );
} finally {
  await service.close();
  await rm(dataDir, { recursive: true, force: true });
}
