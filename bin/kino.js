#!/usr/bin/env node
// Runs the compiled CLI when built (`npm run build`), otherwise the TypeScript sources through tsx.
// On Linux it first re-executes itself with the malloc tuning render processes need (malloc-tuning.js).
import { existsSync } from 'node:fs';
import { followLauncher, reexecWithMallocTuning } from './malloc-tuning.js';

if (!reexecWithMallocTuning()) {
  followLauncher();
  const compiled = new URL('../dist/cli/main.js', import.meta.url);
  if (existsSync(compiled)) {
    await import(compiled.href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(new URL('../src/cli/main.ts', import.meta.url).href);
  }
}
