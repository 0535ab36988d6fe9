/** `kino loop VIDEO [--seconds N | --length short|normal|long]`: a seamless loop. */
import { Option, type Command } from 'commander';
import { LOOP_LENGTHS, loopVideo, type LoopLength } from '../../edit/index.ts';
import { editOutputPath, runEdit, withEditOutput, type EditCliOptions } from './edit-options.ts';
import { secondsOption, workersOption } from './edit-numbers.ts';

export function registerLoopCommand(program: Command): void {
  withEditOutput(
    program
      .command('loop')
      .description('make a seamless loop: the last frame flows into the first, with no audio click')
      .argument('<video>', 'a Kino video (re-rendered from its plan) or any MP4/WebM/MOV'),
  )
    .option('--seconds <n>', 'loop length in seconds (1–19)')
    .addOption(
      new Option(
        '--length <l>',
        `loop length: ${Object.entries(LOOP_LENGTHS)
          .map(([k, v]) => `${k} ${v} s`)
          .join(', ')}`,
      )
        .choices(Object.keys(LOOP_LENGTHS))
        .default('normal'),
    )
    .option('--workers <n>', 'render threads (default: one per core)')
    .action(
      async (
        video: string,
        opts: EditCliOptions & { seconds?: string; length: LoopLength; workers?: string },
      ) => {
        const seconds = secondsOption(opts.seconds, 'seconds');
        const workers = workersOption(opts.workers);
        await runEdit(opts, async (common) => {
          const result = await loopVideo({
            sourcePath: video,
            ...(seconds !== undefined ? { seconds } : { length: opts.length }),
            outputPath: await editOutputPath(opts.output, video, 'loop'),
            ...(workers ? { workers } : {}),
            ...common,
          });
          return { outputPath: result.outputPath, note: `${result.durationSec} s seamless loop` };
        });
      },
    );
}
