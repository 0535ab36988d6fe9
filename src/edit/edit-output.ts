/**
 * The end every editing tool shares: intermediate files live in a hidden work folder beside the
 * target (removed on every path), and the finished video is signed into the target with its C2PA
 * provenance, so the target is either absent or complete and signed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { KINO_VERSION } from '../config.ts';
import { KinoError } from '../errors.ts';
import { serializePlan, type VideoPlan } from '../plan/index.ts';
import { signVideo, type ProvenanceManifest } from '../provenance/index.ts';

export interface EditWorkspace {
  /** A path for an intermediate file inside the work folder. */
  file(name: string): string;
}

/** Run `work` with a fresh work folder next to `outputPath`; the folder is removed afterwards. */
export async function withWorkspace<T>(
  outputPath: string,
  work: (ws: EditWorkspace) => Promise<T>,
): Promise<T> {
  const dir = dirname(resolve(outputPath));
  let folder: string;
  try {
    folder = await mkdtemp(join(dir, `.${basename(outputPath)}.edit-`));
  } catch (err) {
    throw new KinoError(
      'output_unwritable',
      `Cannot write "${outputPath}": its folder "${dir}" is missing or not writable.`,
      'outputPath',
      { cause: err },
    );
  }
  try {
    return await work({ file: (name) => join(folder, name) });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export type EditAction = NonNullable<ProvenanceManifest['extraActions']>[number];

export interface SignEditOptions {
  readonly unsignedPath: string;
  readonly outputPath: string;
  readonly dataDir: string;
  readonly prompt: string;
  /** The plan the output re-renders from exactly, when there is one. */
  readonly plan?: VideoPlan;
  /** The one source a derived video was opened from (re-cut, extend, loop). */
  readonly parentPath?: string;
  /** Media placed into a new video (storyboard cards). */
  readonly componentPaths?: readonly string[];
  readonly actions: readonly EditAction[];
  readonly signal?: AbortSignal;
}

export async function signEdit(options: SignEditOptions): Promise<void> {
  const ingredients = [
    ...(options.parentPath
      ? [{ path: options.parentPath, title: basename(options.parentPath), relationship: 'parentOf' as const }]
      : []),
    ...(options.componentPaths ?? []).map((path) => ({
      path,
      title: basename(path),
      relationship: 'componentOf' as const,
    })),
  ];
  await signVideo({
    inputPath: options.unsignedPath,
    outputPath: options.outputPath,
    dataDir: options.dataDir,
    ...(options.signal ? { signal: options.signal } : {}),
    manifest: {
      title: basename(options.outputPath),
      prompt: options.prompt,
      generator: { name: 'Kino', version: KINO_VERSION },
      digitalSourceType: 'algorithmicMedia',
      model: 'kino-procedural',
      ...(options.plan ? { plan: JSON.parse(serializePlan(options.plan)) as Record<string, unknown> } : {}),
      ...(ingredients.length ? { ingredients } : {}),
      extraActions: [...options.actions],
    },
  });
}
