/**
 * Equal-power panning: pan −1 (left) … +1 (right); the summed power is the same at every position,
 * so a source moving across the screen does not dip in the middle.
 */
export function panLeft(pan: number): number {
  return Math.cos(((clampPan(pan) + 1) * Math.PI) / 4);
}

export function panRight(pan: number): number {
  return Math.sin(((clampPan(pan) + 1) * Math.PI) / 4);
}

/**
 * Balance for an already-stereo source: centre leaves both channels at unity, full left or right
 * silences the other side (an equal-power law would halve a stereo bed at centre).
 */
export function balanceLeft(pan: number): number {
  return Math.min(1, Math.SQRT2 * panLeft(pan));
}

export function balanceRight(pan: number): number {
  return Math.min(1, Math.SQRT2 * panRight(pan));
}

const clampPan = (p: number): number => (p < -1 ? -1 : p > 1 ? 1 : p);
