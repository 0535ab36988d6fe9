/**
 * When lightning strikes in a shot, and how bright the flash is at a moment: a pure function of the
 * shot. Strikes are the plan's `lightning` events; a storm also gets one strike 0.4 s before
 * mid-shot (the director puts the storm's thunder at mid-shot, and every strike's thunder 0.4 s
 * after it) unless a named strike is already there, plus faint sheet lightning inside the clouds,
 * which makes no bolt.
 */
import type { Shot } from '../plan/index.ts';
import { hash01 } from '../lib/random.ts';

export interface Strike {
  /** Shot-local time on the real clock (the clock the soundtrack runs on). */
  readonly t: number;
  /** Stable key for the strike's shape and place. */
  readonly key: number;
  /** Sheet lightning: a dimmer flash lighting the clouds, no bolt. */
  readonly sheet: boolean;
}

export interface Flash {
  /** 0 (none) to 1 (the first return stroke). */
  readonly intensity: number;
  readonly strike?: Strike;
  /** Seconds since the strike began. */
  readonly age: number;
}

const THUNDER_DELAY = 0.4;
const FLASH_LENGTH = 0.8;

export function strikesIn(shot: Shot): Strike[] {
  const duration = shot.end - shot.start;
  const out: Strike[] = shot.events
    .filter((e) => e.type === 'lightning')
    .map((e, i) => ({ t: e.t, key: i + 1, sheet: false }));
  if (shot.weather === 'storm') {
    const t = Math.max(0.3, duration / 2 - THUNDER_DELAY);
    if (out.every((s) => Math.abs(s.t - t) > 0.6)) out.push({ t, key: 101, sheet: false });
    for (const at of [0.18, 0.82])
      if (duration > 2.5) out.push({ t: duration * at, key: 200 + at * 100, sheet: true });
  }
  return out;
}

/**
 * A return stroke's light: a full flash, a dip, a second stroke, then a quick fade; sheet lightning
 * is a third as bright. Long enough (0.2 s near full) that every frame rate catches it.
 */
export function flashAt(shot: Shot, localT: number): Flash {
  let best: Flash = { intensity: 0, age: 0 };
  for (const strike of strikesIn(shot)) {
    const age = localT - strike.t;
    if (age < 0 || age > FLASH_LENGTH) continue;
    const pulse = age < 0.07 ? 1 : age < 0.11 ? 0.4 : age < 0.2 ? 0.85 : 0.85 * Math.exp(-(age - 0.2) / 0.12);
    const flicker = 0.9 + 0.1 * hash01(strike.key, Math.floor(age * 60));
    const intensity = pulse * flicker * (strike.sheet ? 0.3 : 1);
    if (intensity > best.intensity) best = { intensity, strike, age };
  }
  return best;
}
