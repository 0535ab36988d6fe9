/**
 * Part of `npm run build`, after tsc: bundles the compiled render worker and the engine it loads into
 * one file (dist/backends/procedural/render-worker.bundle.js). Every render worker is a fresh V8
 * isolate that loads its modules itself; from one file it skips resolving, reading and compiling
 * about seventy separate modules, which halves a worker's start-up CPU (docs/performance.md).
 * Packages stay outside: the canvas binding loads its native addon, and Rapier is imported only
 * for plans with props.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/backends/procedural/render-worker.js'],
  outfile: 'dist/backends/procedural/render-worker.bundle.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
