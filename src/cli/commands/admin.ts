/**
 * `kino admin signups pause|resume|status`: the operator's switch for sign-ups. It writes the data dir's
 * database, which a running `kino serve` reads on every sign-up, so it takes effect at once without a
 * restart. Also `serveOpsFromEnv`, the operations settings `kino serve` takes from the environment.
 */
import type { Command } from 'commander';
import { resolveDataDir } from '../../config.ts';

export function registerAdminCommand(program: Command): void {
  const admin = program.command('admin').description('operator switches for a running service');
  admin
    .command('signups')
    .description('pause or resume new sign-ups (POST /v1/accounts answers 503 while paused)')
    .argument('<action>', 'pause, resume or status')
    .option('--data-dir <dir>', 'data directory (default $KINO_DATA_DIR or ~/.kino)')
    .action(async (action: string, opts: { dataDir?: string }) => {
      const { KinoError } = await import('../../errors.ts');
      if (action !== 'pause' && action !== 'resume' && action !== 'status') {
        throw new KinoError(
          'invalid_option',
          `unknown action ${JSON.stringify(action)}; use pause, resume or status`,
          'action',
        );
      }
      const { openConfiguredStore } = await import('../../service/index.ts');
      const { SIGNUPS_PAUSED_SETTING } = await import('../../service/admission.ts');
      const store = await openConfiguredStore(resolveDataDir(opts.dataDir));
      try {
        if (action !== 'status') {
          await store.setSetting(SIGNUPS_PAUSED_SETTING, action === 'pause' ? 'true' : undefined, Date.now());
        }
        const paused = (await store.setting(SIGNUPS_PAUSED_SETTING)) !== undefined;
        process.stdout.write(
          `sign-ups ${paused ? 'paused by the operator' : 'open (unless the service is at capacity)'}\n`,
        );
      } finally {
        await store.close();
      }
    });
}

/** `KINO_LOG_LEVEL` (debug, info, warn, error; default info) and `KINO_ADMIN_TOKEN` (enables /admin). */
export async function serveOpsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const { jsonLogger, parseLogLevel } = await import('../../service/logging.ts');
  return {
    logger: jsonLogger((line) => process.stdout.write(line), { level: parseLogLevel(env.KINO_LOG_LEVEL) }),
    ...(env.KINO_ADMIN_TOKEN ? { adminToken: env.KINO_ADMIN_TOKEN } : {}),
  };
}
