/** Where the embedded service keeps things inside its data directory. */
import { join } from 'node:path';

export const storePath = (dataDir: string): string => join(dataDir, 'kino.db');
export const blobsDir = (dataDir: string): string => join(dataDir, 'blobs');
/** Renders in progress; everything here is disposable. */
export const scratchRoot = (dataDir: string): string => join(dataDir, 'scratch');
export const scratchDirOf = (dataDir: string, workerId: string): string =>
  join(scratchRoot(dataDir), workerId);
