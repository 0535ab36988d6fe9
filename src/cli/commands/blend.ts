/** `kino blend A B`: two videos into one, B's influence following a curve. */
import type { Command } from 'commander';
import { BLEND_PRESETS, blendVideos } from '../../edit/index.ts';
import { editOutputPath, runEdit, withEditOutput, type EditCliOptions } from './edit-options.ts';

export function registerBlendCommand(program: Command): void {
  withEditOutput(
    program
      .command('blend')
      .description(
        "blend two videos: A's layout and motion with B's look (Kino videos), or a dissolve (others)",
      )
      .argument('<a>', 'first video')
      .argument('<b>', 'second video'),
  )
    .option(
      '--curve <curve>',
      `B's influence over time: ${BLEND_PRESETS.join(', ')}, or points "time:weight" from 0 to 1, e.g. "0:0,0.5:0.2,1:1"`,
      'transition',
    )
    .action(async (a: string, b: string, opts: EditCliOptions & { curve: string }) => {
      await runEdit(opts, async (common) => {
        const result = await blendVideos({
          aPath: a,
          bPath: b,
          curve: opts.curve,
          outputPath: await editOutputPath(opts.output, a, 'blend'),
          ...common,
        });
        const how = {
          plan: "A's plan in the blended look",
          'plan-dissolve': "A's plan in both looks, dissolved along the curve",
          pixels: 'mixed as pixels along the curve',
        }[result.method];
        return { outputPath: result.outputPath, note: how };
      });
    });
}
