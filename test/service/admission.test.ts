/**
 * Admission control: sign-ups pause when the render queue is saturated and resume with hysteresis;
 * the operator's switch (CLI and admin API); existing users' polls keep answering while paused.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextLoadState, type AdmissionConfig, type LoadState } from '../../src/service/admission.ts';
import type { QueueStats } from '../../src/service/queue.ts';
import { startOpsService, type OpsTestService } from './accounts-harness.ts';

const config: AdmissionConfig = {
  pauseAtBacklog: 4,
  resumeAtBacklog: 1,
  minPauseMs: 10_000,
  retryAfterSec: 30,
};

function stats(priorityWaiting: number, running: number, workers = 2, relaxedWaiting = 0): QueueStats {
  return {
    waiting: priorityWaiting + relaxedWaiting,
    running,
    lanes: {
      priority: { waiting: priorityWaiting, running },
      relaxed: { waiting: relaxedWaiting, running: 0 },
    },
    oldestWaitMs: 0,
    workers,
    saturation: running / workers,
  };
}

describe('nextLoadState', () => {
  const open: LoadState = { overloaded: false, sinceMs: 0 };

  it('pauses only when every worker is busy and the priority backlog per worker reaches the threshold', () => {
    expect(nextLoadState(open, stats(7, 2), config, 1000)).toBe(open); // 3.5 per worker
    expect(nextLoadState(open, stats(8, 1), config, 1000)).toBe(open); // a worker is idle
    expect(nextLoadState(open, stats(0, 2, 2, 50), config, 1000)).toBe(open); // relaxed work waits behind everyone anyway
    expect(nextLoadState(open, stats(8, 2), config, 1000)).toEqual({ overloaded: true, sinceMs: 1000 });
  });

  it('does not flap: it resumes below the lower threshold, and not before the minimum pause', () => {
    // A queue hovering between the thresholds, then draining: sampled once a second.
    const backlog = [8, 3, 7, 3, 9, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 0, 0, 8, 2, 1];
    let state = open;
    const trace = backlog.map((waiting, i) => {
      state = nextLoadState(state, stats(waiting, 2), config, i * 1000);
      return state.overloaded ? 'P' : '.';
    });
    // Paused at t=0 and held while 1.5–4.5 per worker wait; the backlog of 1 (0.5 per worker) at t=15 s
    // is past the 10 s minimum: resumes; the 8 at t=18 s pauses again, and 1 per worker at t=19 s is too
    // soon after that to resume.
    expect(trace.join('')).toBe('PPPPPPPPPPPPPPP...PPP');
    let changes = 0;
    state = open;
    for (let t = 0; t < 60; t++) {
      const next = nextLoadState(state, stats(t % 2 ? 7 : 9, 2), config, t * 1000);
      if (next.overloaded !== state.overloaded) changes++;
      state = next;
    }
    expect(changes).toBe(1); // 3.5 ↔ 4.5 per worker, around the pause threshold: one pause, no flapping
  });
});

describe('sign-ups under load', () => {
  let service: OpsTestService;
  let key: string;
  const run = promisify(execFile);

  beforeAll(async () => {
    service = await startOpsService({
      workers: 1,
      admission: { pauseAtBacklog: 2, resumeAtBacklog: 0, minPauseMs: 500, retryAfterSec: 7 },
      adminToken: 'admin-secret',
    });
    key = await service.account('busy', 'pro');
  });
  afterAll(async () => {
    await service?.dispose();
  });

  const signUp = (email: string) =>
    service.call('POST', '/v1/accounts', { json: { email, password: 'long enough password' } });
  const create = () =>
    service.call('POST', '/v1/videos', {
      key,
      json: { prompt: 'a lighthouse in fog', size: '480x480', seconds: '1' },
    });

  it('pauses sign-ups with 503 and Retry-After while the queue is saturated; polls stay fast', async () => {
    expect((await signUp('early@example.org')).status).toBe(201);
    const first = await create();
    await expect.poll(() => service.backend.holding, { timeout: 10_000 }).toBe(1); // the one worker is busy
    const waiting = [await create(), await create()];
    expect(service.queue.stats()).toMatchObject({ running: 1, workers: 1, saturation: 1 });

    const refused = await signUp('late@example.org');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.body.error).toMatchObject({ code: 'signups_paused', param: null });
    expect(refused.body.error.message).toMatch(
      /^sign-ups are paused while the service is at capacity \(2 videos waiting for 1 render slots\); try again in 7 s\. Existing accounts are not affected\.$/,
    );
    const metrics = (await service.call('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/^kino_signups_paused\{reason="load"\} 1$/m);
    expect(metrics).toMatch(/^kino_queue_waiting_jobs 2$/m);
    expect(metrics).toMatch(/^kino_queue_running_jobs 1$/m);

    // Existing users are unaffected: 200 polls, each answered in milliseconds.
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      expect((await service.call('GET', `/v1/videos/${first.body.id}`, { key })).status).toBe(200);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length * 0.95)]).toBeLessThan(100);

    // Drain the queue: sign-ups resume once the backlog is gone and the minimum pause is over.
    for (const v of waiting)
      expect((await service.call('DELETE', `/v1/videos/${v.body.id}`, { key })).status).toBe(200);
    await expect
      .poll(async () => (await signUp(`later-${Date.now()}@example.org`)).status, {
        timeout: 5000,
        interval: 100,
      })
      .toBe(201);
    const events = service.logs.filter((l) => l.event === 'signups_paused' || l.event === 'signups_resumed');
    expect(events.map((l) => l.event)).toEqual(['signups_paused', 'signups_resumed']);
    expect(service.logs.some((l) => l.event === 'signup_refused' && l.reason === 'load')).toBe(true);
  });

  it('lets the operator pause and resume sign-ups from the CLI, effective at once', async () => {
    const kino = (...args: string[]) =>
      run('node', ['bin/kino.js', 'admin', ...args, '--data-dir', service.dataDir]);
    expect((await kino('signups', 'pause')).stdout).toBe('sign-ups paused by the operator\n');
    const refused = await signUp('cli@example.org');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('600');
    expect(refused.body.error.message).toMatch(/paused by the operator/);
    expect((await service.call('GET', '/metrics')).body).toMatch(
      /^kino_signups_paused\{reason="admin"\} 1$/m,
    );
    expect((await kino('signups', 'resume')).stdout).toMatch(/^sign-ups open/);
    expect((await signUp('cli@example.org')).status).toBe(201);
    await expect(kino('signups', 'maybe')).rejects.toMatchObject({
      stderr: expect.stringMatching(/\[invalid_option\].*pause, resume or status/),
    });
  });

  it('has an admin API behind the admin token', async () => {
    const admin = { authorization: 'Bearer admin-secret' };
    expect((await service.call('GET', '/admin/signups')).status).toBe(401);
    expect(
      (await service.call('GET', '/admin/signups', { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const bad = await service.call('PUT', '/admin/signups', { headers: admin, json: { paused: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', param: 'paused' });
    const paused = await service.call('PUT', '/admin/signups', { headers: admin, json: { paused: true } });
    expect(paused.body).toEqual({
      object: 'signups',
      paused: true,
      paused_by_admin: true,
      paused_by_load: false,
    });
    expect((await signUp('api@example.org')).status).toBe(503);
    await service.call('PUT', '/admin/signups', { headers: admin, json: { paused: false } });
    expect((await service.call('GET', '/admin/signups', { headers: admin })).body.paused).toBe(false);
    expect((await signUp('api@example.org')).status).toBe(201);
  });
});
