/** `kino extend VIDEO --seconds N [--backward]`: continue a video with no visible seam. */
import type { Command } from 'commander';
import { extendVideo } from '../../edit/index.ts';
import { KinoError } from '../../errors.ts';
import { editOutputPath, runEdit, withEditOutput, type EditCliOptions } from './edit-options.ts';
import { secondsOption, workersOption } from './edit-numbers.ts';

export function registerExtendCommand(program: Command): void {
  withEditOutput(
    program
      .command('extend')
      .description('continue a video forward (or backward) by N seconds with no visible seam')
      .argument(
        '<video>',
        'a Kino video (re-rendered from its plan) or any MP4/WebM/MOV (played back and forth)',
      ),
  )
    .requiredOption('--seconds <n>', 'seconds to add (the result lasts at most 20 s)')
    .option('--backward', 'add the time before the start instead of after the end')
    .option('--workers <n>', 'render threads (default: one per core)')
    .action(
      async (
        video: string,
        opts: EditCliOptions & { seconds: string; backward?: boolean; workers?: string },
      ) => {
        const seconds = secondsOption(opts.seconds, 'seconds');
        if (!seconds) throw new KinoError('invalid_option', '--seconds must be more than 0.', 'seconds');
        const workers = workersOption(opts.workers);
        await runEdit(opts, async (common) => {
          const result = await extendVideo({
            sourcePath: video,
            seconds,
            direction: opts.backward ? 'backward' : 'forward',
            outputPath: await editOutputPath(opts.output, video, 'extended'),
            ...(workers ? { workers } : {}),
            ...common,
          });
          return {
            outputPath: result.outputPath,
            note: `${result.durationSec} s, ${result.method === 'plan' ? 're-rendered from its plan' : 'extended as pixels'}`,
          };
        });
      },
    );
}
