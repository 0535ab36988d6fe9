/** What the editing commands (remix, blend, animate) share: output path, quality, data dir, cancellation. */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { resolveDataDir } from '../../config.ts';
import { KinoError } from '../../errors.ts';
import { resolveFfmpeg, type EncodeQuality } from '../../media/index.ts';

export interface EditCliOptions {
  output?: string;
  quality?: EncodeQuality;
  dataDir?: string;
}

export function withEditOutput(cmd: Command): Command {
  return cmd
    .option('-o, --output <file>', 'output MP4 path')
    .addOption(
      new Option('--quality <q>', 'encoder quality')
        .choices(['preview', 'standard', 'high'])
        .default('standard'),
    )
    .option('--data-dir <dir>', 'data directory for signing credentials (default $KINO_DATA_DIR or ~/.kino)');
}

/** `-o` as given, or `<input name>-<suffix>.mp4` in the current directory; its folder is created. */
export async function editOutputPath(
  output: string | undefined,
  input: string,
  suffix: string,
): Promise<string> {
  const path = resolve(output ?? `${basename(input, extname(input))}-${suffix}.mp4`);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    throw new KinoError('output_unwritable', `cannot write ${path}: ${(err as Error).message}`, 'output', {
      cause: err,
    });
  }
  return path;
}

/** Runs an edit with Ctrl-C wired to cancellation, and prints where the result went. */
export async function runEdit(
  opts: EditCliOptions,
  edit: (common: {
    dataDir: string;
    quality: EncodeQuality;
    signal: AbortSignal;
  }) => Promise<{ outputPath: string; note: string }>,
): Promise<void> {
  resolveFfmpeg();
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = performance.now();
  try {
    const { outputPath, note } = await edit({
      dataDir: resolveDataDir(opts.dataDir),
      quality: opts.quality ?? 'standard',
      signal: controller.signal,
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${outputPath}\t(${note}, ${seconds.toFixed(1)}s)\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
