/** `kino storyboard FILE`: render a storyboard (JSON or YAML cards on a timeline) to one video. */
import type { Command } from 'commander';
import { loadStoryboard, renderStoryboard } from '../../edit/index.ts';
import { editOutputPath, runEdit, withEditOutput, type EditCliOptions } from './edit-options.ts';
import { workersOption } from './edit-numbers.ts';

export function registerStoryboardCommand(program: Command): void {
  withEditOutput(
    program
      .command('storyboard')
      .description('render a storyboard file: prompt, image and video cards on a timeline, to one video')
      .argument('<file>', 'storyboard .yaml/.yml or .json (see docs/editing.md)'),
  )
    .option('--workers <n>', 'render threads (default: one per core)')
    .action(async (file: string, opts: EditCliOptions & { workers?: string }) => {
      const workers = workersOption(opts.workers);
      await runEdit(opts, async (common) => {
        const storyboard = await loadStoryboard(file);
        const result = await renderStoryboard({
          storyboard,
          outputPath: await editOutputPath(opts.output, file, 'storyboard'),
          ...(workers ? { workers } : {}),
          ...common,
        });
        for (const warning of result.warnings) process.stderr.write(`kino: ${warning}\n`);
        const cuts = result.timeline
          .slice(1)
          .map((t) => (t.transitionIn.type === 'cut' ? 'cut' : 'dissolve'));
        return {
          outputPath: result.outputPath,
          note: `${result.durationSec} s, ${result.timeline.length} cards${cuts.length ? ` (${cuts.join(', ')})` : ''}`,
        };
      });
    });
}
