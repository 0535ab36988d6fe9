/**
 * Time edits on a VideoPlan, all pure. A Kino video re-renders exactly from its plan, so extending it
 * is a plan edit: the engine is a pure function of time, so a longer plan continues the same world
 * with no seam.
 * - `lengthenPlan` adds time after the end: the last shot runs on (the camera holds its last keyframe,
 *   motions carry on, water and weather keep moving).
 * - `prependPlan` adds time before the start: every shot-local time of the first shot moves later, so
 *   the scene is already there, waiting, before what the original showed begins.
 * - `trimPlanEnd` cuts the plan at a time, dropping the shots after it.
 */
import { KinoError } from '../errors.ts';
import { MAX_DURATION_SEC, MIN_DURATION_SEC, parsePlan, type Shot, type VideoPlan } from '../plan/index.ts';

// Plans keep times to the millisecond, so sums of seconds stay exact when shots must tile.
const round = (t: number): number => Math.round(t * 1000) / 1000;

export function lengthenPlan(plan: VideoPlan, seconds: number): VideoPlan {
  if (seconds === 0) return plan;
  assertSeconds(seconds);
  const durationSec = checkedDuration(plan.output.durationSec + seconds);
  const shots = plan.shots.map((shot, i) =>
    i === plan.shots.length - 1 ? { ...shot, end: round(shot.end + seconds) } : shot,
  );
  return parsePlan({ ...plan, output: { ...plan.output, durationSec }, shots });
}

export function prependPlan(plan: VideoPlan, seconds: number): VideoPlan {
  if (seconds === 0) return plan;
  assertSeconds(seconds);
  const durationSec = checkedDuration(plan.output.durationSec + seconds);
  const shift = (t: number): number => round(t + seconds);
  const shots = plan.shots.map((shot, i) =>
    i === 0
      ? { ...shiftShotLocal(shot, seconds), end: shift(shot.end) }
      : { ...shot, start: shift(shot.start), end: shift(shot.end) },
  );
  const audio = {
    ...plan.audio,
    effects: plan.audio.effects.map((e) => ({ ...e, t: shift(e.t) })),
    speech: plan.audio.speech.map((s) => ({ ...s, t: shift(s.t) })),
  };
  return parsePlan({ ...plan, output: { ...plan.output, durationSec }, shots, audio });
}

export function trimPlanEnd(plan: VideoPlan, endSec: number): VideoPlan {
  const end = round(endSec);
  if (!(end > 0) || end > plan.output.durationSec + 1e-9) {
    throw new KinoError(
      'invalid_duration',
      `Cannot cut a ${plan.output.durationSec} s plan at ${endSec} s; pick a time inside it.`,
      'to',
    );
  }
  const durationSec = checkedDuration(end);
  const shots = plan.shots.filter((s) => s.start < end - 1e-9).map((s) => (s.end > end ? { ...s, end } : s));
  const audio = {
    ...plan.audio,
    effects: plan.audio.effects.filter((e) => e.t < end),
    speech: plan.audio.speech.filter((s) => s.t < end),
  };
  return parsePlan({ ...plan, output: { ...plan.output, durationSec }, shots, audio });
}

/** Every time in a shot that counts from the shot's start, moved `seconds` later. */
function shiftShotLocal(shot: Shot, seconds: number): Shot {
  const shift = (t: number): number => round(t + seconds);
  const later = (t: number | undefined): number | undefined => (t === undefined ? undefined : shift(t));
  return {
    ...shot,
    camera: { ...shot.camera, keyframes: shot.camera.keyframes.map((k) => ({ ...k, t: shift(k.t) })) },
    entities: shot.entities.map((e) => ({
      ...e,
      motion: {
        ...e.motion,
        start: shift(e.motion.start),
        ...(e.motion.end !== undefined && { end: shift(e.motion.end) }),
      },
      ...(e.visibleFrom !== undefined && { visibleFrom: later(e.visibleFrom) }),
      ...(e.visibleUntil !== undefined && { visibleUntil: later(e.visibleUntil) }),
      ...(e.physics && { physics: { ...e.physics, releaseAt: shift(e.physics.releaseAt) } }),
    })),
    events: shot.events.map((e) => ({ ...e, t: shift(e.t) })),
  };
}

function assertSeconds(seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new KinoError(
      'invalid_duration',
      `Seconds to add must be a number ≥ 0; got ${String(seconds)}.`,
      'seconds',
    );
  }
}

function checkedDuration(durationSec: number): number {
  const d = round(durationSec);
  if (d > MAX_DURATION_SEC + 1e-9 || d < MIN_DURATION_SEC - 1e-9) {
    throw new KinoError(
      'invalid_duration',
      `The result would last ${d} s; edited videos last ${MIN_DURATION_SEC}–${MAX_DURATION_SEC} s.`,
      'seconds',
    );
  }
  return d;
}
