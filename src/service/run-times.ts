/** Recent job run times, for estimating when a waiting job will start. */

/** Assumed before any job has finished: a short preview-quality render. */
export const DEFAULT_RUN_MS = 30_000;
/** Weight of the newest run in the moving average. */
const ALPHA = 0.3;

export function nextAverage(previous: number | undefined, runMs: number): number {
  return previous === undefined ? runMs : previous + ALPHA * (runMs - previous);
}

/**
 * The job `ahead` places back starts once that many jobs have started before it: with `workers` slots that
 * takes about ⌊ahead / workers⌋ average runs, plus half a run for a slot to free up (running jobs are, on
 * average, half done).
 */
export function estimateStart(nowMs: number, ahead: number, workers: number, averageMs: number): number {
  const rounds = Math.floor(ahead / Math.max(1, workers)) + 0.5;
  return Math.round(nowMs + rounds * averageMs);
}
