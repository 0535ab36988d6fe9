import { Presets, SingleBar } from 'cli-progress';
import type { JobProgress } from '../pipeline/index.ts';

export interface ProgressReporter {
  readonly onProgress: (event: JobProgress) => void;
  /** Stops the bar (its timer would otherwise keep the process alive after a failed job). */
  stop(): void;
}

/** A terminal progress bar for a render: frames, frames per second and time left. */
export function progressReporter(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  const bar = new SingleBar(
    {
      format: `${label} {bar} {value}/{total} frames | {fps} fps | ETA {eta_formatted} | {stage}`,
      stream,
      hideCursor: true,
      etaBuffer: 30,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  let started = 0;
  const onProgress = (event: JobProgress): void => {
    switch (event.type) {
      case 'started':
        started = performance.now();
        bar.start(event.totalFrames, 0, { fps: '0.0', stage: 'rendering' });
        break;
      case 'frame': {
        const seconds = (performance.now() - started) / 1000;
        bar.update(event.framesDone, {
          fps: (event.framesDone / Math.max(seconds, 1e-3)).toFixed(1),
          stage: 'rendering',
        });
        break;
      }
      case 'encoding':
        bar.update({ stage: 'encoding' });
        break;
      case 'signing':
        bar.update({ stage: 'signing' });
        break;
      case 'done':
        bar.update({ stage: 'done' });
        bar.stop();
        break;
      default: {
        const never: never = event;
        throw new Error(`unknown progress ${JSON.stringify(never)}`);
      }
    }
  };
  return { onProgress, stop: () => bar.stop() };
}
