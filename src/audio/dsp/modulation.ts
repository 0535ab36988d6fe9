import type { Rng } from '../../lib/random.ts';

/**
 * Slow random modulation (value noise): random knots `rateHz` apart joined by smoothstep curves,
 * giving gusts, swells and drifts in [-1, 1]. Random access in time, so it stays a pure function
 * of t and needs no running state.
 */
export class SlowNoise {
  private readonly knots: Float64Array;

  constructor(
    rng: Rng,
    private readonly rateHz: number,
    durationSec: number,
  ) {
    this.knots = new Float64Array(Math.ceil(durationSec * rateHz) + 3);
    for (let i = 0; i < this.knots.length; i++) this.knots[i] = rng.bipolar();
  }

  at(t: number): number {
    const x = Math.max(0, t * this.rateHz);
    const i = Math.min(Math.floor(x), this.knots.length - 2);
    const u = Math.min(1, x - i);
    const s = u * u * (3 - 2 * u);
    return this.knots[i]! + (this.knots[i + 1]! - this.knots[i]!) * s;
  }
}
