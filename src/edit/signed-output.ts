/**
 * Every editing tool ends the same way: an unsigned MP4 in a temp file beside the target, signed into
 * the target, and the temp file removed on every path (success, failure or cancellation).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KINO_VERSION } from '../config.ts';
import { serializePlan, type VideoPlan } from '../plan/index.ts';
import { signVideo, type DigitalSourceType, type ProvenanceManifest } from '../provenance/index.ts';

export interface SignedEdit {
  readonly outputPath: string;
  readonly dataDir: string;
  /** What the edit was asked to do (instruction or prompt); the manifest's prompt. */
  readonly prompt: string;
  /** The plan the pixels were rendered from, when there is exactly one. */
  readonly plan?: VideoPlan;
  readonly ingredients: NonNullable<ProvenanceManifest['ingredients']>;
  readonly extraActions?: ProvenanceManifest['extraActions'];
  /** Pixels a model made stay `trainedAlgorithmicMedia` through later edits (a watermark, say). */
  readonly digitalSourceType?: DigitalSourceType;
  readonly model?: string;
  readonly signal?: AbortSignal;
  /** Writes the unsigned video to `unsignedPath`. */
  readonly render: (unsignedPath: string) => Promise<void>;
}

export async function renderSigned(edit: SignedEdit): Promise<{ outputPath: string }> {
  const unsigned = join(
    dirname(edit.outputPath),
    `.${basename(edit.outputPath)}.unsigned-${randomBytes(4).toString('hex')}.mp4`,
  );
  try {
    await edit.render(unsigned);
    await signVideo({
      inputPath: unsigned,
      outputPath: edit.outputPath,
      dataDir: edit.dataDir,
      ...(edit.signal ? { signal: edit.signal } : {}),
      manifest: {
        title: basename(edit.outputPath),
        prompt: edit.prompt,
        generator: { name: 'Kino', version: KINO_VERSION },
        digitalSourceType: edit.digitalSourceType ?? 'algorithmicMedia',
        ...(edit.model ? { model: edit.model } : {}),
        ...(edit.plan ? { plan: JSON.parse(serializePlan(edit.plan)) as Record<string, unknown> } : {}),
        ...(edit.extraActions ? { extraActions: edit.extraActions } : {}),
        ingredients: edit.ingredients,
      },
    });
    return { outputPath: edit.outputPath };
  } finally {
    await rm(unsigned, { force: true });
  }
}
