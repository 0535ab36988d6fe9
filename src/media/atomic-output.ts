import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { access, constants, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { KinoError } from '../errors.ts';
import { registerExitCleanup } from './process.ts';

/**
 * An output file that appears only when complete: the writer fills `tempPath` (a hidden file in the
 * same directory, so the final rename never crosses file systems) and then commits or discards it.
 */
export interface AtomicOutput {
  readonly outputPath: string;
  readonly tempPath: string;
  /** Move the finished temp file into place. */
  commit(): Promise<void>;
  /** Delete the temp file. Only call once whatever writes it has exited. */
  discard(): Promise<void>;
}

/** Check that `outputPath` can be written and reserve a temp name next to it. Creates no files. */
export async function prepareOutput(outputPath: string): Promise<AtomicOutput> {
  const absolute = resolve(outputPath);
  const dir = dirname(absolute);
  const unwritable = (why: string, cause?: unknown): KinoError =>
    new KinoError('output_unwritable', `Cannot write "${outputPath}": ${why}.`, 'outputPath', { cause });

  try {
    if (!(await stat(dir)).isDirectory()) throw unwritable(`"${dir}" is not a directory`);
  } catch (err) {
    if (err instanceof KinoError) throw err;
    throw unwritable(`its directory "${dir}" does not exist; create it first`, err);
  }
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    throw unwritable(`the directory "${dir}" is not writable (${(err as NodeJS.ErrnoException).code})`, err);
  }
  const existing = await stat(absolute).catch(() => undefined);
  if (existing?.isDirectory()) throw unwritable('it is a directory');

  const tempPath = join(dir, `.${basename(absolute)}.partial-${randomBytes(6).toString('hex')}.mp4`);
  const unregister = registerExitCleanup(() => {
    try {
      unlinkSync(tempPath);
    } catch {
      // Never created, or already gone.
    }
  });
  let settled = false;

  return {
    outputPath: absolute,
    tempPath,
    async commit() {
      if (settled) return;
      try {
        await rename(tempPath, absolute);
      } catch (err) {
        await rm(tempPath, { force: true });
        throw unwritable(`moving the finished file into place failed (${(err as Error).message})`, err);
      } finally {
        settled = true;
        unregister();
      }
    },
    async discard() {
      if (settled) return;
      settled = true;
      unregister();
      await rm(tempPath, { force: true });
    },
  };
}
