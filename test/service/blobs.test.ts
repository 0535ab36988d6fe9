/** The Blobs contract against the filesystem store the embedded service uses. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBlobs } from '../../src/service/file-blobs.ts';
import { describeBlobsContract } from './blobs-contract.ts';

describeBlobsContract('filesystem', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kino-blobs-'));
  return { blobs: fileBlobs(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
});
