import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where Kino keeps its state (signing credentials, later the library): `KINO_DATA_DIR` or ~/.kino. */
export function resolveDataDir(explicit?: string): string {
  return resolve(explicit ?? process.env.KINO_DATA_DIR ?? join(homedir(), '.kino'));
}

export const KINO_VERSION = '0.1.0';
