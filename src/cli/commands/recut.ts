/** `kino recut VIDEO --from A --to B [--seconds N]`: keep a segment, widened on both sides to N seconds. */
import type { Command } from 'commander';
import { recutVideo } from '../../edit/index.ts';
import { editOutputPath, runEdit, withEditOutput, type EditCliOptions } from './edit-options.ts';
import { secondsOption, workersOption } from './edit-numbers.ts';

export function registerRecutCommand(program: Command): void {
  withEditOutput(
    program
      .command('recut')
      .description('keep the segment [from, to] of a video, widened equally on both sides to --seconds')
      .argument('<video>', 'a Kino video (re-rendered from its plan) or any MP4/WebM/MOV'),
  )
    .requiredOption('--from <a>', 'segment start, in seconds')
    .requiredOption('--to <b>', 'segment end, in seconds')
    .option('--seconds <n>', 'length of the result (default: the segment, a plain trim; at most 20)')
    .option('--workers <n>', 'render threads (default: one per core)')
    .action(
      async (
        video: string,
        opts: EditCliOptions & { from: string; to: string; seconds?: string; workers?: string },
      ) => {
        const fromSec = secondsOption(opts.from, 'from')!;
        const toSec = secondsOption(opts.to, 'to')!;
        const seconds = secondsOption(opts.seconds, 'seconds');
        const workers = workersOption(opts.workers);
        await runEdit(opts, async (common) => {
          const result = await recutVideo({
            sourcePath: video,
            fromSec,
            toSec,
            ...(seconds !== undefined ? { seconds } : {}),
            outputPath: await editOutputPath(opts.output, video, 'recut'),
            ...(workers ? { workers } : {}),
            ...common,
          });
          return {
            outputPath: result.outputPath,
            note: `${result.durationSec} s, ${result.method === 'plan' ? 're-rendered from its plan' : 'cut as pixels'}`,
          };
        });
      },
    );
}
