/**
 * One job end to end: plan → backend (unsigned MP4 next to the target) → C2PA signing into the
 * target path. Nothing half-made is ever left at the target: the intermediate file is removed on
 * every path, and the signer writes the target atomically.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { proceduralBackend, type BackendProgress, type VideoBackend } from '../backends/index.ts';
import { KINO_VERSION } from '../config.ts';
import { serializePlan, type VideoPlan } from '../plan/index.ts';
import { prepareSigning, signVideo } from '../provenance/index.ts';

export type JobProgress =
  BackendProgress | { readonly type: 'signing' } | { readonly type: 'done'; readonly outputPath: string };

export interface Job {
  readonly plan: VideoPlan;
  readonly outputPath: string;
  readonly dataDir: string;
  readonly backend?: VideoBackend;
  readonly quality?: 'preview' | 'standard' | 'high';
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: JobProgress) => void;
}

export async function runJob(job: Job): Promise<{ outputPath: string }> {
  const backend = job.backend ?? proceduralBackend();
  const unsigned = join(
    dirname(job.outputPath),
    `.${basename(job.outputPath)}.unsigned-${randomBytes(4).toString('hex')}.mp4`,
  );
  let signer: Promise<unknown> | undefined;
  try {
    const generated = backend.generate({
      plan: job.plan,
      outputPath: unsigned,
      ...(job.quality ? { quality: job.quality } : {}),
      ...(job.signal ? { signal: job.signal } : {}),
      ...(job.onProgress ? { onProgress: job.onProgress } : {}),
    });
    // Ready the signer while the backend works, not after it.
    const credentials = prepareSigning(job.dataDir);
    signer = credentials.catch(() => {});
    const result = await generated;
    job.onProgress?.({ type: 'signing' });
    await signVideo({
      credentials: await credentials,
      inputPath: unsigned,
      outputPath: job.outputPath,
      dataDir: job.dataDir,
      manifest: {
        title: basename(job.outputPath),
        prompt: job.plan.provenance.prompt,
        generator: { name: 'Kino', version: KINO_VERSION },
        digitalSourceType: result.digitalSourceType,
        model: result.model,
        plan: JSON.parse(serializePlan(job.plan)) as Record<string, unknown>,
      },
    });
    job.onProgress?.({ type: 'done', outputPath: job.outputPath });
    return { outputPath: job.outputPath };
  } finally {
    // Nothing the job started outlives it: a failed render still waits for the signer it readied
    // (which may be writing a new development chain into the data directory).
    await signer;
    await rm(unsigned, { force: true });
  }
}
