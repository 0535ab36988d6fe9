/** `kino remix VIDEO "instruction"`: change a video by a text instruction. */
import { Option, type Command } from 'commander';
import { REMIX_STRENGTHS, describeEdits, remixVideo, type RemixStrength } from '../../edit/index.ts';
import { editOutputPath, runEdit, withEditOutput, type EditCliOptions } from './edit-options.ts';

export function registerRemixCommand(program: Command): void {
  withEditOutput(
    program
      .command('remix')
      .description(
        'change a video by an instruction ("make it night", "replace the SUV with a red pickup truck")',
      )
      .argument('<video>', 'a Kino video (changed through its plan) or any video (changed as pixels)')
      .argument('<instruction>', 'what to change, in English or Chinese'),
  )
    .addOption(
      new Option('--strength <s>', 'how far the change goes').choices([...REMIX_STRENGTHS]).default('mild'),
    )
    .action(
      async (video: string, instruction: string, opts: EditCliOptions & { strength: RemixStrength }) => {
        await runEdit(opts, async (common) => {
          const result = await remixVideo({
            sourcePath: video,
            instruction,
            strength: opts.strength,
            outputPath: await editOutputPath(opts.output, video, 'remix'),
            ...common,
          });
          return {
            outputPath: result.outputPath,
            note: `${result.method === 'plan' ? 're-rendered from its plan' : 'graded as pixels'}: ${describeEdits(result.edits)}`,
          };
        });
      },
    );
}
