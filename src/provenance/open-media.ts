import { open, type FileHandle } from 'node:fs/promises';
import { KinoError } from '../errors.ts';

/** Opens a media file for c2pa-wasm to read through `fileBlob`, with Kino's errors for missing files. */
export async function openMedia(path: string, param: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new KinoError('file_not_found', `${path} does not exist`, param, { cause: err });
    }
    throw new KinoError('provenance_failed', `cannot read ${path}: ${(err as Error).message}`, param, {
      cause: err,
    });
  }
}
