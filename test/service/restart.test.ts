/**
 * Restart safety through the real command: `kino serve` is SIGKILLed while its worker process renders one
 * video and another waits. Its worker notices its parent is gone and stops; the next `kino serve` on the
 * same data dir takes up both jobs and completes them, each charged once, with no stray files or processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withMallocTuning } from '../../bin/malloc-tuning.js';
import { verifyVideo } from '../../src/provenance/index.ts';
import { createAccount, createApiKey, openSqliteStore, storePath } from '../../src/service/index.ts';
import { CONTENT_VARIANTS, blobKey } from '../../src/service/video-ids.ts';
import { until } from './test-backends.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('node', ['bin/kino.js', 'serve', '--port', '0', '--quality', 'preview'], {
    // Tuned already, so no launcher sits between this pid and the server: SIGKILL reaches the server.
    env: withMallocTuning({ ...process.env, KINO_DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`kino serve exited with ${code}`)));
  });
  return { child, url };
}

/** Processes whose command line names this data dir (the server and its workers). */
async function processesUsing(dataDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(dataDir)) pids.push(Number(entry));
  }
  return pids;
}

describe('kino serve killed and restarted', () => {
  it('resumes the running and the queued job and completes both, each charged once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kino-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const setup = openSqliteStore(storePath(dataDir));
    await createAccount(setup, { name: 'patient', plan: 'pro', credits: 10 });
    const key = await createApiKey(setup, 'patient');
    await setup.close();

    const first = await serve(dataDir);
    const api = async (url: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return (await res.json()) as { id: string; status: string; progress: number };
    };
    const body = { prompt: 'a lantern swings on a ship at night', size: '480x480', seconds: '2', n: 2 };
    const created = (await api(first.url, 'POST', '/videos', body)) as unknown as { data: { id: string }[] };
    const [running, waiting] = created.data.map((v) => v.id) as [string, string];
    // The machine has at least one worker; with one, the second video waits. Kill once frames are rendering.
    await until(async () => {
      const videos = await Promise.all([
        api(first.url, 'GET', `/videos/${running}`),
        api(first.url, 'GET', `/videos/${waiting}`),
      ]);
      return videos.some((v) => v.status === 'in_progress' && v.progress > 0);
    }, 90_000);
    const killed = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await killed;
    // The orphaned worker sees its parent's channel close, gives its job back and exits.
    await until(async () => (await processesUsing(dataDir)).length === 0, 20_000);

    const store = openSqliteStore(storePath(dataDir));
    const left = await Promise.all([store.videoById(running), store.videoById(waiting)]);
    expect(left.map((v) => v!.status).sort()).not.toEqual(['completed', 'completed']);
    await store.close();

    const second = await serve(dataDir);
    await until(async () => {
      const videos = await Promise.all([
        api(second.url, 'GET', `/videos/${running}`),
        api(second.url, 'GET', `/videos/${waiting}`),
      ]);
      return videos.every((v) => v.status === 'completed' || v.status === 'failed');
    }, 150_000);
    for (const id of [running, waiting]) {
      const video = await api(second.url, 'GET', `/videos/${id}`);
      expect(video.status).toBe('completed');
      const res = await fetch(`${second.url}/v1/videos/${id}/content`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const path = join(dataDir, `${id}.mp4`);
      await writeFile(path, Buffer.from(await res.arrayBuffer()));
      expect(['valid', 'trusted']).toContain((await verifyVideo(path, { dataDir })).status);
      const files = (await readdir(join(dataDir, 'blobs', 'videos', id))).sort();
      expect(files).toEqual(CONTENT_VARIANTS.map((v) => blobKey(id, v).split('/').pop()).sort());
    }
    const me = (await (
      await fetch(`${second.url}/v1/videos?limit=10`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as {
      data: unknown[];
    };
    expect(me.data).toHaveLength(2);

    const stopped = new Promise((r) => second.child.once('exit', r));
    second.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
    await until(async () => (await processesUsing(dataDir)).length === 0, 15_000);
    const after = openSqliteStore(storePath(dataDir));
    expect((await after.accountByName('patient'))!.credits).toBe(10 - 2 * 2); // two 2 s 480x480 videos
    await after.close();
  }, 300_000);
});
