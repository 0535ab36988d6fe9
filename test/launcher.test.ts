/**
 * bin/kino.js re-executes itself with the malloc tuning (bin/malloc-tuning.js). The real command must
 * get the tuning, and must not outlive a launcher that is killed outright.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MALLOC_TUNING } from '../bin/malloc-tuning.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(process.platform === 'linux')('the kino launcher', () => {
  it('runs the command with the malloc tuning, and the command stops when the launcher is SIGKILLed', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KINO_DATA_DIR: mkdtempSync(join(tmpdir(), 'kino-launcher-')),
    };
    for (const key of Object.keys(MALLOC_TUNING)) delete env[key];
    const launcher = spawn('node', ['bin/kino.js', 'serve', '--port', '0', '--workers', '1'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      launcher.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('listening on')) resolve();
      });
      launcher.once('exit', (code) => reject(new Error(`kino serve exited early (${code})`)));
    });
    const pid = launcher.pid!;
    const [server] = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(server, 'the launcher runs the command as its child').toBeGreaterThan(0);
    const environ = readFileSync(`/proc/${server}/environ`, 'utf8').split('\0');
    for (const [key, value] of Object.entries(MALLOC_TUNING)) expect(environ).toContain(`${key}=${value}`);

    launcher.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (alive(server!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(server!), 'the server outlived its killed launcher').toBe(false);
  });
});
