/**
 * `kino worker`: one render worker process, as `kino serve` starts them (one per render slot). It leases
 * jobs from the data dir's queue, heartbeats while rendering, and on SIGTERM (or when the `kino serve` that
 * started it goes away) aborts its render and gives the job back. Workers on other machines need the
 * networked Store/Queue/Blobs of the scale-out setup, not a shared SQLite file.
 */
import { Option, type Command } from 'commander';
import { resolveDataDir } from '../../config.ts';
import { KinoError } from '../../errors.ts';

function positiveInt(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new KinoError('invalid_option', `${name} must be an integer from 1 to ${max}; got ${value}`, name);
  return n;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run one render worker against the data dir (kino serve starts these itself)')
    .option('--data-dir <dir>', 'data directory (default $KINO_DATA_DIR or ~/.kino)')
    .option('--id <name>', 'worker id, unique among running workers (default: host pid)')
    .addOption(
      new Option('--quality <q>', 'encoder quality')
        .choices(['preview', 'standard', 'high'])
        .default('standard'),
    )
    .option('--threads <n>', 'render threads (default: one per core)')
    .option('--lease-ms <ms>', 'lease on a job, renewed by heartbeats', '30000')
    .option('--asset-ttl <seconds>', 'how long finished videos are kept', String(7 * 24 * 3600))
    .action(
      async (opts: {
        dataDir?: string;
        id?: string;
        quality: 'preview' | 'standard' | 'high';
        threads?: string;
        leaseMs: string;
        assetTtl: string;
      }) => {
        const { runWorkerProcess } = await import('../../service/worker.ts');
        const stop = new AbortController();
        const onStop = () => stop.abort();
        process.once('SIGTERM', onStop);
        process.once('SIGINT', onStop);
        // Started by `kino serve`: stop when it goes away, however it went.
        process.once('disconnect', onStop);
        const threads = positiveInt('threads', opts.threads, 64);
        await runWorkerProcess({
          dataDir: resolveDataDir(opts.dataDir),
          workerId: opts.id ?? `${process.pid}`,
          quality: opts.quality,
          ...(threads ? { renderThreads: threads } : {}),
          leaseMs: positiveInt('lease-ms', opts.leaseMs, 3_600_000)!,
          assetTtlSeconds: positiveInt('asset-ttl', opts.assetTtl, 10 * 365 * 24 * 3600)!,
          signal: stop.signal,
        });
        // The IPC channel would keep the process alive.
        if (process.connected) process.disconnect();
      },
    );
}
