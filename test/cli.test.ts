/**
 * End to end through the real `kino` command: prompt → signed MP4 with sound, probed with ffprobe,
 * decoded frame by frame, and its C2PA manifest read back.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE_PROMPTS } from '../src/director/index.ts';
import { frameHashes, probeMedia } from '../src/media/index.ts';
import { verifyVideo } from '../src/provenance/index.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kino-cli-'));
const env = { ...process.env, KINO_DATA_DIR: join(dir, 'data') };

async function kino(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/kino.js', ...args], { env, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A small, fast render: 480x480, 2 s at 24 fps, preview-quality encode. */
const small = ['--size', '480x480', '--seconds', '2', '--fps', '24', '--quality', 'preview'];

describe('kino generate', () => {
  const out = join(dir, 'pirate.mp4');
  let stdout = '';

  beforeAll(async () => {
    const result = await kino('generate', SHOWCASE_PROMPTS.pirate, '-o', out, '--seed', '11', ...small);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    stdout = result.stdout;
  });

  it('writes an H.264 High + AAC MP4 with the exact size, frame count, rate and duration', async () => {
    expect(stdout).toContain(out);
    const info = await probeMedia(out);
    expect(info.video).toMatchObject({
      codec: 'h264',
      profile: 'High',
      pixFmt: 'yuv420p',
      width: 480,
      height: 480,
      frameCount: 48,
    });
    expect(info.video!.fps).toBeCloseTo(24, 3);
    expect(info.durationSec).toBeCloseTo(2, 1);
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    // faststart: the moov box comes before the media data.
    const bytes = readFileSync(out);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('signs it: the C2PA manifest reads back valid, with Kino, the source type and the prompt', async () => {
    const result = await verifyVideo(out, { dataDir: env.KINO_DATA_DIR });
    expect(result.status).toBe('trusted');
    expect(result.activeManifest?.claimGenerator).toMatch(/Kino\/0\.1\.0/);
    expect(result.activeManifest?.digitalSourceType).toMatch(/algorithmicMedia$/);
    expect(result.activeManifest?.digitalSourceType).not.toMatch(/trained/);
    expect(result.activeManifest?.prompt).toBe(SHOWCASE_PROMPTS.pirate);
    const cli = await kino('verify', out);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/trusted/i);
  });

  it('detects tampering: one flipped byte in the media data makes verification fail', async () => {
    const bytes = readFileSync(out);
    const mdat = bytes.indexOf('mdat');
    bytes[mdat + 5000] = bytes[mdat + 5000]! ^ 0xff;
    const tampered = join(dir, 'tampered.mp4');
    writeFileSync(tampered, bytes);
    expect((await verifyVideo(tampered)).status).toBe('invalid');
    const cli = await kino('verify', tampered);
    expect(cli.code).toBe(3);
  });

  it('same prompt and seed give identical frames; another seed gives another video', async () => {
    const again = join(dir, 'again.mp4');
    const other = join(dir, 'other.mp4');
    await kino('generate', SHOWCASE_PROMPTS.pirate, '-o', again, '--seed', '11', ...small);
    await kino('generate', SHOWCASE_PROMPTS.pirate, '-o', other, '--seed', '12', ...small);
    const [a, b, c] = await Promise.all([frameHashes(out), frameHashes(again), frameHashes(other)]);
    expect(b).toEqual(a);
    expect(c.filter((h, i) => h !== a[i]).length).toBeGreaterThan(40);
  });

  it('--variations renders several videos with consecutive seeds', async () => {
    const base = join(dir, 'var.mp4');
    const result = await kino(
      'generate',
      SHOWCASE_PROMPTS.drone,
      '-o',
      base,
      '--seed',
      '20',
      '--variations',
      '2',
      ...small,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/var-1\.mp4\t\(seed 20,/);
    expect(result.stdout).toMatch(/var-2\.mp4\t\(seed 21,/);
    const [a, b] = await Promise.all([
      frameHashes(join(dir, 'var-1.mp4')),
      frameHashes(join(dir, 'var-2.mp4')),
    ]);
    expect(a).toHaveLength(48);
    expect(b.filter((h, i) => h !== a[i]).length).toBeGreaterThan(40);
  });

  it('plan prints the same plan JSON as render consumes', async () => {
    const plan = await kino('plan', SHOWCASE_PROMPTS.suv, '--seed', '3', ...small.slice(0, 6));
    expect(plan.code).toBe(0);
    const parsed = JSON.parse(plan.stdout);
    expect(parsed).toMatchObject({
      version: 1,
      seed: 3,
      output: { width: 480, height: 480, fps: 24, durationSec: 2 },
    });
    const file = join(dir, 'suv.json');
    writeFileSync(file, plan.stdout);
    const rendered = join(dir, 'suv.mp4');
    const result = await kino('render', file, '-o', rendered, '--quality', 'preview');
    expect(result.code).toBe(0);
    expect((await probeMedia(rendered)).video?.frameCount).toBe(48);
  });
});

describe('kino plan --explain', () => {
  it('summarises shots, entities, camera, look, sound and what was not understood', async () => {
    const result = await kino(
      'plan',
      '--explain',
      '--seconds',
      '6',
      'Shot 1 (2s): two black dogs chase a white cat in a park. Shot 2: a sign that says "OPEN" on a Tokyo street at night, she says "hurry", sirens, zeppelin',
    );
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/Shot shot-1 0\.0s–2\.0s/);
    expect(out).toMatch(/dog-1 \(#101014\) — run .* chase cat-1/);
    expect(out).toMatch(/dog-2/);
    expect(out).toMatch(/Setting: city-street, night/);
    expect(out).toMatch(/Text on screen: "OPEN"/);
    expect(out).toMatch(/Speech at .*: "hurry"/);
    expect(out).toMatch(/siren at/);
    expect(out).toMatch(/Not understood: .*zeppelin/);
  });
});

describe('kino rejects bad input clearly, with a non-zero exit and no output file', () => {
  const cases: [string, string[], RegExp][] = [
    ['an empty prompt', ['generate', '  '], /\[invalid_prompt\].*empty/],
    [
      'an unknown size',
      ['generate', 'a sea', '--size', '1000x1000'],
      /\[invalid_size\].*1000x1000.*854x480, 480x480, 480x854, 1280x720, 720x720, 720x1280, 1920x1080, 1080x1080, 1080x1920/,
    ],
    ['too few seconds', ['generate', 'a sea', '--seconds', '0'], /\[invalid_duration\].*from 1 to 20; got 0/],
    [
      'too many seconds',
      ['generate', 'a sea', '--seconds', '21'],
      /\[invalid_duration\].*from 1 to 20; got 21/,
    ],
    ['a bad fps', ['generate', 'a sea', '--fps', '25'], /\[invalid_fps\].*24 or 30; got 25/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const target = join(dir, `bad-${_name.replace(/\W+/g, '-')}.mp4`);
    const result = await kino(...args, '-o', target);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(existsSync(target)).toBe(false);
  });

  it('an unwritable output path', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const result = await kino('generate', 'a sea', '-o', join(file, 'out.mp4'), ...small);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/\[output_unwritable\]/);
  });

  it('an invalid plan file names the field', async () => {
    const file = join(dir, 'bad-plan.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        seed: 1,
        output: { width: 854, height: 480, fps: 24, durationSec: 2 },
        shots: [],
        provenance: { prompt: 'x' },
      }),
    );
    const target = join(dir, 'bad-plan.mp4');
    const result = await kino('render', file, '-o', target);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/\[invalid_plan\].*shots/);
    expect(existsSync(target)).toBe(false);
  });

  it('missing ffmpeg', async () => {
    const target = join(dir, 'no-ffmpeg.mp4');
    const { stderr, code } = await run('node', ['bin/kino.js', 'generate', 'a sea', '-o', target, ...small], {
      env: { ...env, KINO_FFMPEG: join(dir, 'no-such-ffmpeg') },
    }).then(
      (r) => ({ ...r, code: 0 }),
      (e: { stderr: string; code: number }) => e,
    );
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/\[ffmpeg_missing\].*KINO_FFMPEG/);
    expect(existsSync(target)).toBe(false);
  });
});
