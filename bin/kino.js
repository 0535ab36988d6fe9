#!/usr/bin/env node
// Runs the compiled CLI when the build is current (compiled.js), otherwise the TypeScript sources
// through tsx. On Linux it first re-executes itself with the malloc tuning render processes need
// (malloc-tuning.js).
import { compiledIsCurrent } from './compiled.js';
import { followLauncher, reexecWithMallocTuning } from './malloc-tuning.js';

if (!reexecWithMallocTuning()) {
  followLauncher();
  if (compiledIsCurrent()) {
    await import(new URL('../dist/cli/main.js', import.meta.url).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(new URL('../src/cli/main.ts', import.meta.url).href);
  }
}
