/**
 * `npm run bench:ab -- --ref <git ref>`: the engine at another commit against the current one, in one
 * process. Both builds render the same frames alternately, and each frame's cost is the minimum CPU
 * time over several tries, so the swings of a shared machine hit both alike and mostly drop out.
 * Prints CPU ms per frame (render and grade, one thread) for each and the ratio.
 *
 * The other commit is checked out into a temporary directory and compiled there with its own
 * tsconfig; the current sources are compiled into dist/ when that is out of date.
 *
 * Flags: --ref (required), --prompt (a showcase name or a prompt; default pirate), --size WxH
 * (default 1920x1080), --tries N (default 5), --frames N (default 7, spread over 20 s).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { compiledIsCurrent } from '../bin/compiled.js';
import { reexecWithMallocTuning } from '../bin/malloc-tuning.js';

if (reexecWithMallocTuning()) await new Promise<never>(() => {});

const { values } = parseArgs({
  options: {
    ref: { type: 'string' },
    prompt: { type: 'string', default: 'pirate' },
    size: { type: 'string', default: '1920x1080' },
    tries: { type: 'string', default: '5' },
    frames: { type: 'string', default: '7' },
  },
});
if (!values.ref) throw new Error('--ref is required: the commit to compare the current engine with');
const root = fileURLToPath(new URL('..', import.meta.url));
const [width, height] = values.size!.split('x').map(Number) as [number, number];
const tries = Number(values.tries);
const fps = 30;
const seconds = 20;

/** A Scene for the prompt from the build in `dist` (a directory of compiled sources). */
async function sceneFrom(dist: string): Promise<import('../src/engine/index.ts').Scene> {
  const at = (module: string) => pathToFileURL(join(dist, module, 'index.js')).href;
  const director = (await import(at('director'))) as typeof import('../src/director/index.ts');
  const engine = (await import(at('engine'))) as typeof import('../src/engine/index.ts');
  const prompt =
    director.SHOWCASE_PROMPTS[values.prompt as keyof typeof director.SHOWCASE_PROMPTS] ?? values.prompt!;
  const plan = director.directPrompt(prompt, { width, height, fps, durationSec: seconds, seed: 42 });
  return new engine.Scene(plan);
}

const checkout = mkdtempSync(join(tmpdir(), 'kino-ab-'));
try {
  console.log(`building ${values.ref} in ${checkout}…`);
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', checkout, values.ref], { stdio: 'ignore' });
  symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'));
  // Compiled beside the current node_modules, which is where its imports resolve.
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(checkout, 'dist')], {
    cwd: checkout,
    stdio: 'inherit',
  });
  if (!compiledIsCurrent())
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

  const engines = {
    [values.ref]: await sceneFrom(join(checkout, 'dist')),
    current: await sceneFrom(join(root, 'dist')),
  };
  const out = new Uint8Array((width * height * 3) / 2);
  for (const engine of Object.values(engines)) engine.renderFrameI420(0, out);
  const count = Number(values.frames);
  const frames = Array.from({ length: count }, (_, i) => Math.round(((i + 0.5) * seconds * fps) / count));
  const totals: Record<string, number> = Object.fromEntries(Object.keys(engines).map((k) => [k, 0]));
  for (const frame of frames) {
    const best: Record<string, number> = {};
    for (let i = 0; i < tries; i++) {
      for (const [name, engine] of Object.entries(engines)) {
        const before = process.cpuUsage();
        engine.renderFrameI420(frame, out);
        const used = process.cpuUsage(before);
        best[name] = Math.min(best[name] ?? Infinity, (used.user + used.system) / 1000);
      }
    }
    for (const name of Object.keys(engines)) totals[name]! += best[name]! / frames.length;
  }
  const [base, now] = [totals[values.ref]!, totals.current!];
  console.log(`${values.prompt} at ${values.size}, ${frames.length} frames, min CPU of ${tries} tries each:`);
  console.log(`  ${values.ref.padEnd(12)} ${base.toFixed(1)} ms/frame`);
  console.log(
    `  ${'current'.padEnd(12)} ${now.toFixed(1)} ms/frame (${((now / base - 1) * 100).toFixed(0)}%)`,
  );
} finally {
  execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', checkout], { stdio: 'ignore' });
  rmSync(checkout, { recursive: true, force: true });
}
