// Whether dist/ (`npm run build`, run by `npm run setup`) holds the current sources compiled: the
// launcher runs it instead of the TypeScript sources through tsx, which saves every process and render
// worker about half a second of start-up. A build older than any source file is not used, so editing
// src/ and running `kino` never runs stale code.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Written by `npm run build` after tsc succeeds. */
export const BUILD_STAMP = join(root, 'dist', '.built');

export function compiledIsCurrent() {
  let built;
  try {
    built = statSync(BUILD_STAMP).mtimeMs;
  } catch {
    return false;
  }
  const src = join(root, 'src');
  return readdirSync(src, { recursive: true }).every((file) => statSync(join(src, file)).mtimeMs <= built);
}
