#!/usr/bin/env node
/**
 * The `kino` command: generate, plan, render and verify.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { KINO_VERSION, resolveDataDir } from '../config.ts';
import { explainPlan, planPrompt, type PlanOptions } from '../director/index.ts';
import { KinoError, isKinoError } from '../errors.ts';
import { resolveFfmpeg } from '../media/index.ts';
import {
  STYLE_PRESETS,
  parsePlanJson,
  planJsonSchema,
  serializePlan,
  type VideoPlan,
} from '../plan/index.ts';
import { parseSettings, runJob, type RawSettings } from '../pipeline/index.ts';
import { formatVerification, verifyVideo } from '../provenance/index.ts';
import { PLAN_NAMES, type PlanName } from '../service/plans.ts';
import { progressReporter } from './progress.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { registerAdminCommand, serveOpsFromEnv } from './commands/admin.ts';
import { registerAnimateCommand } from './commands/animate.ts';
import { registerBlendCommand } from './commands/blend.ts';
import { registerRemixCommand } from './commands/remix.ts';
import { registerStoryboardCommand } from './commands/storyboard.ts';
import { registerRecutCommand } from './commands/recut.ts';
import { registerExtendCommand } from './commands/extend.ts';
import { registerLoopCommand } from './commands/loop.ts';

interface CommonOptions extends RawSettings {
  output?: string;
  quality?: 'preview' | 'standard' | 'high';
  workers?: string;
  dataDir?: string;
  model?: string;
}

const program = new Command()
  .name('kino')
  .description('Kino: text to video, with C2PA provenance on every output.')
  .version(KINO_VERSION)
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) });

const withSettings = (cmd: Command): Command =>
  cmd
    .option('--size <WxH>', 'output size, e.g. 1920x1080, 1080x1920, 1280x720, 854x480', '1920x1080')
    .option('--seconds <n>', 'duration in seconds (1–20)', '10')
    .option('--fps <n>', 'frames per second (24 or 30)', '30')
    .option('--seed <n>', 'random seed (0–4294967295); same prompt and seed give the same video')
    .addOption(new Option('--style <name>', 'style preset').choices([...STYLE_PRESETS]));

const withRender = (cmd: Command): Command =>
  cmd
    .option('-o, --output <file>', 'output MP4 path')
    .addOption(
      new Option('--quality <q>', 'encoder quality')
        .choices(['preview', 'standard', 'high'])
        .default('standard'),
    )
    .option('--workers <n>', 'render threads (default: one per core)')
    .option('--model <name>', 'backend: kino-procedural (default), comfyui/wan2.2-t2v, comfyui/ltx-video, …')
    .option('--data-dir <dir>', 'data directory for signing credentials (default $KINO_DATA_DIR or ~/.kino)');

function outputPathFor(base: string | undefined, seed: number, index: number, count: number): string {
  const path = resolve(base ?? `kino-${seed}.mp4`);
  if (count === 1) return path;
  const ext = extname(path) || '.mp4';
  return `${path.slice(0, path.length - extname(path).length)}-${index + 1}${ext}`;
}

/** `-o renders/x.mp4` creates `renders/`; a parent that cannot be made is a clear error up front. */
async function ensureParentDir(path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    throw new KinoError('output_unwritable', `cannot write ${path}: ${(err as Error).message}`, 'output', {
      cause: err,
    });
  }
}

function workersOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new KinoError('invalid_option', `workers must be an integer from 1 to 64; got ${value}`, 'workers');
  return n;
}

function positiveInteger(value: string, param: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new KinoError('invalid_option', `${param} must be a whole number above 0; got ${value}`, param);
  return n;
}

/** Plans with the planner `KINO_PLANNER` picks, and says so when the model's plan could not be used. */
async function planned(prompt: string, options: PlanOptions): Promise<VideoPlan> {
  const { plan, fallbackReason } = await planPrompt(prompt, options);
  if (fallbackReason) process.stderr.write(`kino: planner fell back to rules: ${fallbackReason}\n`);
  return plan;
}

async function renderPlans(
  plans: VideoPlan[],
  opts: CommonOptions,
  seedForName: (p: VideoPlan) => number,
): Promise<void> {
  resolveFfmpeg();
  const workers = workersOption(opts.workers);
  const { createBackend } = await import('../backends/index.ts');
  const backend = createBackend(opts.model, workers ? { workers } : {});
  const dataDir = resolveDataDir(opts.dataDir);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const [i, plan] of plans.entries()) {
      const outputPath = outputPathFor(opts.output, seedForName(plan), i, plans.length);
      const label = plans.length > 1 ? `[${i + 1}/${plans.length}]` : 'kino';
      await ensureParentDir(outputPath);
      const started = performance.now();
      const progress = progressReporter(label);
      try {
        await runJob({
          plan,
          outputPath,
          dataDir,
          backend,
          quality: opts.quality ?? 'standard',
          signal: controller.signal,
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `${outputPath}\t(seed ${plan.seed}, ${plan.output.width}x${plan.output.height}, ${plan.output.durationSec}s, rendered in ${seconds.toFixed(1)}s)\n`,
      );
      if (plan.unrecognized.length > 0)
        process.stderr.write(`kino: not understood: ${plan.unrecognized.join(', ')}\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

withRender(
  withSettings(
    program
      .command('generate')
      .description('turn a prompt into a signed MP4 with sound')
      .argument('<prompt>', 'what the video shows (English or Chinese)'),
  ).option('--variations <n>', 'how many variations (1–4), with consecutive seeds', '1'),
).action(async (prompt: string, opts: CommonOptions) => {
  const settings = parseSettings(opts);
  const plans = await Promise.all(
    Array.from({ length: settings.variations }, (_, i) =>
      planned(prompt, { ...settings, seed: (settings.seed + i) % 2 ** 32 }),
    ),
  );
  await renderPlans(plans, opts, (p) => p.seed);
});

withSettings(
  program
    .command('plan')
    .description('print the VideoPlan JSON a prompt becomes')
    .argument('<prompt>', 'what the video shows'),
)
  .option('--explain', 'print a human summary of what Kino understood instead of JSON')
  .action(async (prompt: string, opts: RawSettings & { explain?: boolean }) => {
    const plan = await planned(prompt, parseSettings(opts));
    process.stdout.write(opts.explain ? explainPlan(plan) + '\n' : serializePlan(plan));
  });

withRender(
  program
    .command('render')
    .description('render a VideoPlan JSON file')
    .argument('<plan>', 'path to plan JSON'),
).action(async (file: string, opts: CommonOptions) => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new KinoError(
      'file_not_found',
      `cannot read plan file ${file}: ${(err as Error).message}`,
      'plan',
      { cause: err },
    );
  }
  const plan = parsePlanJson(text);
  await renderPlans([plan], opts, (p) => p.seed);
});

program
  .command('verify')
  .description('read and validate the C2PA manifest of a video')
  .argument('<file>', 'MP4 to check')
  .option('--json', 'print the full manifest store as JSON')
  .option('--data-dir <dir>', 'data directory whose development root is trusted')
  .action(async (file: string, opts: { json?: boolean; dataDir?: string }) => {
    const anchors = process.env.KINO_C2PA_TRUST_ANCHORS;
    const result = await verifyVideo(file, {
      dataDir: resolveDataDir(opts.dataDir),
      ...(anchors ? { trustAnchorsPem: await readFile(anchors, 'utf8') } : {}),
    });
    process.stdout.write(
      opts.json ? JSON.stringify(result, null, 2) + '\n' : formatVerification(result) + '\n',
    );
    if (result.status === 'invalid' || result.status === 'unsigned') process.exitCode = 3;
  });

program
  .command('schema')
  .description('print the JSON Schema of VideoPlan')
  .action(() => {
    process.stdout.write(JSON.stringify(planJsonSchema(), null, 2) + '\n');
  });

function portOption(value: string | undefined): number {
  const n = Number(value ?? 8080);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new KinoError('invalid_option', `port must be an integer from 0 to 65535; got ${value}`, 'port');
  return n;
}

program
  .command('serve')
  .description(
    'start the HTTP API (OpenAI Videos API compatible): SQLite, blobs and render queue in the data dir',
  )
  .option('--port <n>', 'port to listen on (default $PORT or 8080)')
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('--data-dir <dir>', 'data directory (default $KINO_DATA_DIR or ~/.kino)')
  .addOption(
    new Option('--quality <q>', 'encoder quality')
      .choices(['preview', 'standard', 'high'])
      .default('standard'),
  )
  .option(
    '--workers <n>',
    'videos rendering at once, one worker process each (default: half the cores; 0: API only)',
  )
  .option('--asset-ttl <seconds>', 'how long finished videos are kept (default 7 days)')
  .action(
    async (opts: {
      port?: string;
      host: string;
      dataDir?: string;
      quality: CommonOptions['quality'];
      workers?: string;
      assetTtl?: string;
    }) => {
      const { startService } = await import('../service/index.ts');
      const dataDir = resolveDataDir(opts.dataDir);
      // 0: an API-only server; `kino worker` processes elsewhere render (docs/scale-out.md).
      const workers = opts.workers?.trim() === '0' ? 0 : workersOption(opts.workers);
      const assetTtlSeconds =
        opts.assetTtl === undefined ? undefined : positiveInteger(opts.assetTtl, 'asset-ttl');
      const service = await startService({
        dataDir,
        port: portOption(opts.port ?? process.env.PORT),
        hostname: opts.host,
        quality: opts.quality ?? 'standard',
        ...(workers !== undefined ? { workers } : {}),
        ...(assetTtlSeconds ? { assetTtlSeconds } : {}),
        ...(await serveOpsFromEnv()),
      });
      process.stdout.write(
        `kino serve: listening on ${service.url} (data dir ${dataDir}; ${service.backingSummary})\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void service.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  );

program
  .command('accounts')
  .description('manage service accounts')
  .command('create')
  .description('create an account')
  .argument('<name>', 'account name')
  .addOption(new Option('--plan <plan>', 'plan').choices([...PLAN_NAMES]).default('free'))
  .option('--credits <n>', "starting credits (default: the plan's)")
  .option('--data-dir <dir>', 'data directory (default $KINO_DATA_DIR or ~/.kino)')
  .action(async (name: string, opts: { plan: PlanName; credits?: string; dataDir?: string }) => {
    const { createAccount, openConfiguredStore } = await import('../service/index.ts');
    const store = await openConfiguredStore(resolveDataDir(opts.dataDir));
    try {
      const credits = opts.credits === undefined ? undefined : Number(opts.credits);
      const account = await createAccount(store, {
        name,
        plan: opts.plan,
        ...(credits !== undefined ? { credits } : {}),
      });
      process.stdout.write(
        `${account.name}\t${account.id}\tplan ${account.plan}\t${account.credits} credits\n`,
      );
    } finally {
      await store.close();
    }
  });

program
  .command('keys')
  .description('manage API keys')
  .command('create')
  .description('create an API key for an account and print it (shown once)')
  .requiredOption('--account <name>', 'account name')
  .option('--data-dir <dir>', 'data directory (default $KINO_DATA_DIR or ~/.kino)')
  .action(async (opts: { account: string; dataDir?: string }) => {
    const { createApiKey, openConfiguredStore } = await import('../service/index.ts');
    const store = await openConfiguredStore(resolveDataDir(opts.dataDir));
    try {
      process.stdout.write(`${await createApiKey(store, opts.account)}\n`);
    } finally {
      await store.close();
    }
  });

registerWorkerCommand(program);
registerAdminCommand(program);
registerRemixCommand(program);
registerBlendCommand(program);
registerAnimateCommand(program);
registerStoryboardCommand(program);
registerRecutCommand(program);
registerExtendCommand(program);
registerLoopCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (isKinoError(err)) {
    process.stderr.write(`kino: error [${err.code}]: ${err.message}\n`);
    process.exitCode = err.code === 'cancelled' ? 130 : 1;
  } else {
    process.stderr.write(`kino: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 70;
  }
}
