/** Number options of the edit-A commands (recut, extend, loop, storyboard), checked with clear errors. */
import { KinoError } from '../../errors.ts';

export function secondsOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new KinoError('invalid_option', `--${name} must be a number of seconds ≥ 0; got "${value}".`, name);
  }
  return n;
}

export function workersOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new KinoError(
      'invalid_option',
      `--workers must be an integer from 1 to 64; got ${value}.`,
      'workers',
    );
  }
  return n;
}
