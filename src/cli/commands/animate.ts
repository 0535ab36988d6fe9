/** `kino animate IMAGE "prompt"`: a still image becomes a video. */
import type { Command } from 'commander';
import { animateImageSigned } from '../../edit/index.ts';
import { KinoError } from '../../errors.ts';
import { editOutputPath, runEdit, withEditOutput, type EditCliOptions } from './edit-options.ts';

interface AnimateCliOptions extends EditCliOptions {
  size?: string;
  seconds: string;
  fps: string;
  seed: string;
}

export function registerAnimateCommand(program: Command): void {
  withEditOutput(
    program
      .command('animate')
      .description(
        "turn a still image into a video: camera motion over a parallax plate, plus the prompt's weather and entities",
      )
      .argument('<image>', 'PNG, JPEG or WebP')
      .argument('[prompt]', 'what happens in it (English or Chinese)', ''),
  )
    .option('--size <WxH>', "output size (default: 1280x720, 720x720 or 720x1280 by the image's shape)")
    .option('--seconds <n>', 'duration in seconds (1–20)', '5')
    .option('--fps <n>', 'frames per second (24 or 30)', '24')
    .option('--seed <n>', 'random seed', '1')
    .action(async (image: string, prompt: string, opts: AnimateCliOptions) => {
      const [width, height] = opts.size ? opts.size.split('x').map(Number) : [undefined, undefined];
      const fps = Number(opts.fps);
      if (fps !== 24 && fps !== 30)
        throw new KinoError('invalid_fps', `fps must be 24 or 30; got ${opts.fps}`, 'fps');
      const durationSec = Number(opts.seconds);
      if (!(durationSec >= 1 && durationSec <= 20)) {
        throw new KinoError(
          'invalid_duration',
          `seconds must be from 1 to 20; got ${opts.seconds}`,
          'seconds',
        );
      }
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
        throw new KinoError(
          'invalid_option',
          `seed must be an integer from 0 to 4294967295; got ${opts.seed}`,
          'seed',
        );
      }
      await runEdit(opts, async (common) => {
        const result = await animateImageSigned({
          imagePath: image,
          prompt,
          outputPath: await editOutputPath(opts.output, image, 'animated'),
          ...(width !== undefined && height !== undefined ? { width, height } : {}),
          fps,
          durationSec,
          seed,
          ...common,
        });
        const { output } = result.plan;
        return {
          outputPath: result.outputPath,
          note: `${output.width}x${output.height}, ${output.durationSec}s`,
        };
      });
    });
}
