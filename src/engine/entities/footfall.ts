/**
 * Where a walking body's feet are, so that a planted foot never slides, even while the body speeds
 * up or slows down.
 *
 * Steps keep the full-speed cadence (motion.speed / stride cycles a second) from the moment the
 * motion starts until it ends, and each step is as long as the body's speed makes it: a walk starts
 * with short steps and lengthens them. A foot lands half a stance ahead of the body, scaled by the
 * speed at that moment, and then stays exactly where it landed: relative to the body it moves back by
 * the distance the body has travelled since. In the swing it goes from where it lifted off to where it
 * will land next. Both instants are known in closed form because the cadence is constant, so every
 * frame is a pure function of (motion, t).
 */
import { clamp } from '../../lib/math.ts';
import type { Motion } from '../../plan/index.ts';
import { motionDistanceAt, motionSpeedAt } from '../../plan/motion.ts';

const smooth = (x: number): number => x * x * (3 - 2 * x);

export interface StepClock {
  /** Gait phase in cycles at shot-local time t (frozen before the motion starts and after it ends). */
  phaseAt(t: number): number;
  /** The foot's place along the body's forward axis (metres, + ahead of the body), and its state. */
  foot(offset: number, t: number): FootPlacement;
}

export interface FootPlacement {
  forward: number;
  stance: boolean;
  /** 0..1 through the swing; 0 in stance. */
  swing: number;
}

/**
 * A step clock for a motion. `phase0` is the phase when the motion starts (or at t = 0 for a motion
 * already under way); `duty` the fraction of a cycle each foot is planted.
 */
export function stepClock(motion: Motion, stride: number, duty: number, phase0: number): StepClock {
  const speed = Math.max(1e-6, motion.speed);
  const cadence = speed / stride;
  const underWay = motion.start <= 0;
  const origin = underWay ? 0 : motion.start;
  const end = motion.end ?? Infinity;
  // A motion under way at t = 0 was already at full speed before it: extrapolate backwards.
  const amplitude = (t: number) =>
    underWay && t <= 0 ? 1 : t <= motion.start ? 0 : clamp(motionSpeedAt(motion, t) / speed, 0, 1);
  const distance = (t: number) => (underWay && t < 0 ? speed * t : motionDistanceAt(motion, t));
  const phaseAt = (t: number) => phase0 + cadence * Math.max(0, Math.min(t, end) - origin);
  const timeOf = (phase: number) => origin + (phase - phase0) / cadence;
  return {
    phaseAt,
    foot(offset, t) {
      const phase = phaseAt(t) + offset;
      const cycle = Math.floor(phase);
      const p = phase - cycle;
      const landed = timeOf(cycle - offset);
      const landedAt = (duty / 2) * stride * amplitude(landed);
      if (p < duty) return { forward: landedAt - (distance(t) - distance(landed)), stance: true, swing: 0 };
      const lifted = timeOf(cycle - offset + duty);
      const from = landedAt - (distance(lifted) - distance(landed));
      const to = (duty / 2) * stride * amplitude(timeOf(cycle - offset + 1));
      const swing = (p - duty) / (1 - duty);
      return { forward: from + (to - from) * smooth(swing), stance: false, swing };
    },
  };
}
