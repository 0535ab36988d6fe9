/** Operations: /readyz, Prometheus /metrics, request ids in JSON logs, and shutdown on SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/service/app.ts';
import { openSqliteStore, storePath } from '../../src/service/index.ts';
import type { VideosDeps } from '../../src/service/videos-routes.ts';
import { startOpsService, type OpsTestService } from './accounts-harness.ts';

let service: OpsTestService;
let key: string;

beforeAll(async () => {
  service = await startOpsService();
  key = await service.account('ops', 'pro');
});
afterAll(async () => {
  await service?.dispose();
});

describe('/readyz', () => {
  it('is ready when the database, the data dir and ffmpeg all work', async () => {
    const res = await service.call('GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      checks: {
        database: { ok: true },
        data_dir: { ok: true },
        ffmpeg: { ok: true },
        accepting: { ok: true },
      },
    });
  });

  it('answers 503 naming the failed check: an unwritable data dir, a draining server', async () => {
    const notADir = join(service.dataDir, 'a-file');
    await writeFile(notADir, 'x');
    const deps = {
      store: service.store,
      queue: service.queue,
      webhooks: service.webhooks,
    } as unknown as VideosDeps;
    const app = createApp(deps, { dataDir: notADir, draining: () => true });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      status: string;
      checks: Record<string, { ok: boolean; error?: string }>;
    };
    expect(body.status).toBe('not_ready');
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.data_dir).toMatchObject({ ok: false, error: expect.stringMatching(/ENOTDIR/) });
    expect(body.checks.accepting).toEqual({ ok: false, error: 'the service is shutting down' });
  });
});

describe('/metrics', () => {
  it('exposes request counts and latency by route pattern and status, queue depth and the sign-up switch', async () => {
    await service.call('GET', '/v1/videos', { key });
    await service.call('GET', '/v1/videos', { key });
    await service.call('GET', '/v1/videos/video_0000000000000000000000000000000000000000', { key });
    await service.call('GET', '/v1/videos'); // 401
    // GETs outside the API fall back to the studio's index.html; other methods find no route.
    await service.call('POST', '/no/such/route');
    const res = await service.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body as string;

    // Every line is a HELP/TYPE comment or a well-formed sample.
    const samples = new Map<string, number>();
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('#')) {
        expect(line).toMatch(/^# (HELP [a-z_]+ .+|TYPE [a-z_]+ (counter|gauge|histogram))$/);
        continue;
      }
      const m = /^([a-z_]+(?:\{[a-z_]+="[^"]*"(?:,[a-z_]+="[^"]*")*\})?) (\S+)$/.exec(line);
      expect(m, line).not.toBeNull();
      samples.set(m![1]!, Number(m![2]));
    }
    const get = (name: string) => samples.get(name);
    expect(get('kino_http_requests_total{method="GET",route="/v1/videos",status="200"}')).toBe(2);
    expect(get('kino_http_requests_total{method="GET",route="/v1/videos/:id",status="404"}')).toBe(1);
    expect(get('kino_http_requests_total{method="GET",route="/v1/*",status="401"}')).toBe(1);
    expect(get('kino_http_requests_total{method="POST",route="unmatched",status="404"}')).toBe(1);
    const series = 'method="GET",route="/v1/videos",status="200"';
    expect(get(`kino_http_request_duration_seconds_count{${series}}`)).toBe(2);
    expect(get(`kino_http_request_duration_seconds_bucket{${series},le="+Inf"}`)).toBe(2);
    expect(get(`kino_http_request_duration_seconds_bucket{${series},le="10"}`)).toBe(2);
    expect(get(`kino_http_request_duration_seconds_sum{${series}}`)).toBeGreaterThan(0);
    // Buckets are cumulative.
    const buckets = [...samples].filter(([k]) =>
      k.startsWith(`kino_http_request_duration_seconds_bucket{${series}`),
    );
    expect(buckets.map(([, v]) => v)).toEqual([...buckets.map(([, v]) => v)].sort((a, b) => a - b));
    expect(get('kino_queue_waiting_jobs')).toBe(0);
    expect(get('kino_queue_running_jobs')).toBe(0);
    expect(get('kino_signups_paused{reason="load"}')).toBe(0);
    expect(get('kino_signups_paused{reason="admin"}')).toBe(0);
  });
});

describe('request ids and structured logs', () => {
  it('echoes x-request-id, makes one when absent, and logs each request as one JSON line with it', async () => {
    const given = await service.call('GET', '/v1/me', { key, headers: { 'x-request-id': 'trace-abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
    const made = await service.call('GET', '/v1/me', { key });
    const id = made.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const line = service.logs.find((l) => l.event === 'request' && l.request_id === 'trace-abc-123');
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/v1/me',
      path: '/v1/me',
      status: 200,
      account_id: expect.stringMatching(/^acct_/),
    });
    expect(typeof line!.duration_ms).toBe('number');
    expect(Date.parse(line!.time)).toBeGreaterThan(Date.now() - 60_000);
    expect(service.logs.some((l) => l.event === 'request' && l.request_id === id)).toBe(true);
  });
});

describe('kino serve on SIGTERM', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kino-ops-serve-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('logs JSON, stops accepting, closes the database cleanly and exits 0', async () => {
    const server = spawn('node', ['bin/kino.js', 'serve', '--port', '0', '--quality', 'preview'], {
      env: { ...process.env, KINO_DATA_DIR: dataDir, KINO_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`kino serve exited with ${code}: ${out}`)));
    });
    const signup = await fetch(`${url}/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'serve-signup-1' },
      body: JSON.stringify({ email: 'sigterm@example.org', password: 'long enough password' }),
    });
    expect(signup.status).toBe(201);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    const lines = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ event: 'signup', request_id: 'serve-signup-1' }));
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'request',
        request_id: 'serve-signup-1',
        route: '/v1/accounts',
        status: 201,
      }),
    );
    const phases = lines.filter((l) => l.event === 'shutdown').map((l) => l.phase);
    expect(phases).toEqual(['draining', 'closed']);

    // Every connection closed: SQLite checkpointed its write-ahead log away, and the data is there.
    expect(existsSync(`${storePath(dataDir)}-wal`)).toBe(false);
    const store = openSqliteStore(storePath(dataDir));
    expect((await store.loginByEmail('sigterm@example.org'))?.account.plan).toBe('free');
    await store.close();
  });
});
