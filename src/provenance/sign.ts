/**
 * Embeds a signed C2PA manifest into a video. The output is written to a temp file beside it and
 * renamed into place, so the target is either the old file or the complete signed one (input and
 * output may be the same path), and the temp file is removed on every failure.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { WasmBuilder } from '@contentauth/c2pa-wasm';
import { KinoError } from '../errors.ts';
import {
  c2paErrorMessage,
  compileC2pa,
  fileBlob,
  loadC2pa,
  mediaFormatFor,
  SUPPORTED_EXTENSIONS,
} from './c2pa-wasm.ts';
import { loadSigningCredentials, type SigningCredentials } from './certificates.ts';
import { createCoseSigner } from './cose-signer.ts';
import {
  ingredientDefinition,
  manifestDefinition,
  parseProvenanceManifest,
  type ManifestIngredient,
  type ProvenanceManifest,
} from './manifest.ts';
import { openMedia } from './open-media.ts';
import { c2paSettings } from './settings.ts';

export interface SignVideoOptions {
  readonly inputPath: string;
  readonly outputPath: string;
  /** Holds the development signing chain when no KINO_C2PA_CERT / KINO_C2PA_KEY are set. */
  readonly dataDir: string;
  readonly manifest: ProvenanceManifest;
  /** Overrides the env / development credentials. */
  readonly credentials?: SigningCredentials;
  readonly signal?: AbortSignal;
}

export interface SignedVideo {
  readonly outputPath: string;
  readonly credentialsSource: SigningCredentials['source'];
  readonly bytes: number;
}

const VIDEO_FORMATS = new Set(['video/mp4', 'video/quicktime']);

/**
 * Loads what signing needs ahead of time: c2pa-wasm (compiled once per process, in the background)
 * and the credentials (the development chain is generated on first use). A job calls this while it
 * renders, so that signing, its last step, is only the signature.
 */
export async function prepareSigning(dataDir: string): Promise<SigningCredentials> {
  const [credentials] = await Promise.all([loadSigningCredentials({ dataDir }), compileC2pa()]);
  loadC2pa();
  return credentials;
}

export async function signVideo(options: SignVideoOptions): Promise<SignedVideo> {
  const { inputPath, outputPath } = options;
  const manifest = parseProvenanceManifest(options.manifest);
  const format = mediaFormatFor(inputPath);
  if (!format || !VIDEO_FORMATS.has(format)) {
    throw new KinoError(
      'provenance_failed',
      `cannot sign ${inputPath}: Kino signs .mp4, .m4v and .mov videos`,
      'inputPath',
    );
  }
  for (const ingredient of manifest.ingredients ?? []) {
    if (!mediaFormatFor(ingredient.path)) {
      throw new KinoError(
        'provenance_failed',
        `ingredient ${ingredient.path} has an unsupported extension; allowed: ${SUPPORTED_EXTENSIONS.join(', ')}`,
        'manifest.ingredients',
      );
    }
  }
  const credentials = options.credentials ?? (await loadSigningCredentials({ dataDir: options.dataDir }));
  throwIfCancelled(options.signal);

  const input = await openMedia(inputPath, 'inputPath');
  try {
    const signed = await withBuilder(manifestDefinition(manifest, format), credentials, async (builder) => {
      for (const [index, ingredient] of (manifest.ingredients ?? []).entries()) {
        await addIngredient(builder, ingredient, index);
      }
      throwIfCancelled(options.signal);
      const size = (await input.stat()).size;
      return builder
        .sign(createCoseSigner(credentials), [], format, fileBlob(input.fd, 0, size))
        .catch((err: unknown) => {
          const message = c2paErrorMessage(err);
          const [param, hint] = message.includes('signingCredential.')
            ? [
                'certificate',
                `the ${credentials.source} signing certificate was rejected; it needs keyUsage digitalSignature and an extended key usage such as C2PA claim signing (1.3.6.1.4.1.62558.2.1), document signing or email protection`,
              ]
            : ['inputPath', 'the input must be a complete, playable MP4/MOV (ISO BMFF) file'];
          throw new KinoError(
            'provenance_failed',
            `cannot sign ${inputPath}: c2pa-rs said ${message}; ${hint}`,
            param,
            { cause: err },
          );
        });
    });
    throwIfCancelled(options.signal);
    await writeAtomically(outputPath, signed);
    return { outputPath, credentialsSource: credentials.source, bytes: signed.length };
  } finally {
    await input.close();
  }
}

async function withBuilder<T>(
  definition: object,
  credentials: SigningCredentials,
  use: (builder: WasmBuilder) => Promise<T>,
): Promise<T> {
  let builder: WasmBuilder;
  try {
    // Trusting our own anchors here makes the ingredient validation recorded in the new manifest say
    // "trusted" for Kino's own earlier outputs rather than "untrusted".
    builder = loadC2pa().WasmBuilder.fromJson(
      JSON.stringify(definition),
      c2paSettings(credentials.trustAnchorPem),
    );
  } catch (err) {
    throw new KinoError(
      'provenance_failed',
      `c2pa-rs rejected the manifest definition: ${c2paErrorMessage(err)}`,
      'manifest',
      { cause: err },
    );
  }
  try {
    return await use(builder);
  } finally {
    builder.free();
  }
}

async function addIngredient(
  builder: WasmBuilder,
  ingredient: ManifestIngredient,
  index: number,
): Promise<void> {
  const file = await openMedia(ingredient.path, 'manifest.ingredients');
  try {
    const size = (await file.stat()).size;
    // c2pa-rs reads the ingredient's own manifest (if any) and hashes it; the title and relationship we pass win.
    await builder
      .addIngredientFromBlob(
        ingredientDefinition(ingredient, index),
        mediaFormatFor(ingredient.path)!,
        fileBlob(file.fd, 0, size),
      )
      .catch((err: unknown) => {
        throw new KinoError(
          'provenance_failed',
          `cannot add ingredient ${ingredient.path}: c2pa-rs said ${c2paErrorMessage(err)}`,
          'manifest.ingredients',
          { cause: err },
        );
      });
  } finally {
    await file.close();
  }
}

/** Temp file in the target's folder (so rename is atomic), removed if anything fails. */
async function writeAtomically(outputPath: string, bytes: Uint8Array): Promise<void> {
  const temp = join(
    dirname(outputPath),
    `.${basename(outputPath)}.${randomBytes(6).toString('hex')}.signing`,
  );
  try {
    await writeFile(temp, bytes);
    await rename(temp, outputPath);
  } catch (err) {
    await rm(temp, { force: true });
    throw new KinoError(
      'output_unwritable',
      `cannot write the signed video to ${outputPath}: ${(err as Error).message}`,
      'outputPath',
      { cause: err },
    );
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new KinoError('cancelled', 'signing was cancelled', undefined, { cause: signal.reason });
  }
}
