/** `kino accounts create`, `kino keys create` and `kino serve` through the real command. */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { hashApiKey, openSqliteStore, storePath } from '../../src/service/index.ts';

const run = promisify(execFile);
let dataDir: string;

async function kino(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/kino.js', ...args], {
      env: { ...process.env, KINO_DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kino-service-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('kino accounts / keys / serve', () => {
  it('creates an account and a key stored only as its hash, then serves the API with it', async () => {
    const account = await kino('accounts', 'create', 'studio-a', '--plan', 'pro');
    expect(account.code).toBe(0);
    expect(account.stdout).toMatch(/^studio-a\tacct_[0-9a-f]{32}\tplan pro\t2000 credits\n$/);
    expect((await kino('accounts', 'create', 'studio-a')).stderr).toMatch(/\[already_exists\]/);
    expect((await kino('accounts', 'create', 'x', '--plan', 'gold')).code).not.toBe(0);

    const created = await kino('keys', 'create', '--account', 'studio-a');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk-kino-[A-Za-z0-9_-]{43}$/);
    expect((await kino('keys', 'create', '--account', 'nobody')).stderr).toMatch(/\[not_found\].*nobody/);

    const store = openSqliteStore(storePath(dataDir));
    expect((await store.accountByKeyHash(hashApiKey(key)))?.name).toBe('studio-a');
    await store.close();

    const server = spawn('node', ['bin/kino.js', 'serve', '--port', '0'], {
      env: { ...process.env, KINO_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.once('exit', (code) => reject(new Error(`kino serve exited with ${code}`)));
      });
      const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 });
      expect((await client.videos.list()).data).toEqual([]);
    } finally {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
