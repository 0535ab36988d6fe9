import { stat } from 'node:fs/promises';
import { KinoError } from '../errors.ts';

/** Fail with 'file_not_found' before spawning anything, so the error names the path rather than ffmpeg's guess. */
export async function assertInputFile(path: string, param = 'path'): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new KinoError('file_not_found', `"${path}" does not exist.`, param);
  if (!info.isFile()) throw new KinoError('file_not_found', `"${path}" is not a regular file.`, param);
}
