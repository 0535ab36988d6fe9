/**
 * What a caller may ask for when generating (CLI flags today, the HTTP API later), validated once,
 * with errors that name the bad value and list what is allowed.
 */
import { KinoError } from '../errors.ts';
import {
  ALLOWED_SIZE_LABELS,
  DEFAULT_OUTPUT,
  FPS_VALUES,
  MAX_DURATION_SEC,
  MIN_DURATION_SEC,
  STYLE_PRESETS,
  findOutputSize,
  type StylePreset,
} from '../plan/index.ts';

export const MAX_VARIATIONS = 4;

export interface GenerateSettings {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly durationSec: number;
  readonly seed: number;
  readonly variations: number;
  readonly style?: StylePreset;
}

export interface RawSettings {
  readonly size?: string;
  readonly seconds?: string | number;
  readonly fps?: string | number;
  readonly seed?: string | number;
  readonly variations?: string | number;
  readonly style?: string;
}

function toNumber(value: string | number, param: string, code: KinoError['code'], allowed: string): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (String(value).trim() === '' || !Number.isFinite(n)) {
    throw new KinoError(code, `${param} must be a number (${allowed}); got ${JSON.stringify(value)}`, param);
  }
  return n;
}

export function parseSize(size: string): { width: number; height: number } {
  const m = /^\s*(\d+)\s*[xX×]\s*(\d+)\s*$/.exec(size);
  const found = m ? findOutputSize(Number(m[1]), Number(m[2])) : undefined;
  if (!found) {
    throw new KinoError(
      'invalid_size',
      `unknown size ${JSON.stringify(size)}; allowed sizes are ${ALLOWED_SIZE_LABELS.join(', ')}`,
      'size',
    );
  }
  return { width: found.width, height: found.height };
}

/** Seeds are 32-bit unsigned integers; without one, a fresh random seed is drawn (and reported). */
export function parseSeed(seed: string | number | undefined, random: () => number = Math.random): number {
  if (seed === undefined) return Math.floor(random() * 2 ** 32);
  const n = toNumber(seed, 'seed', 'invalid_option', 'an integer from 0 to 4294967295');
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) {
    throw new KinoError(
      'invalid_option',
      `seed must be an integer from 0 to 4294967295; got ${seed}`,
      'seed',
    );
  }
  return n;
}

export function parseSettings(raw: RawSettings): GenerateSettings {
  const { width, height } = raw.size === undefined ? DEFAULT_OUTPUT : parseSize(raw.size);
  const durationSec =
    raw.seconds === undefined
      ? DEFAULT_OUTPUT.durationSec
      : toNumber(raw.seconds, 'seconds', 'invalid_duration', `${MIN_DURATION_SEC}–${MAX_DURATION_SEC}`);
  if (durationSec < MIN_DURATION_SEC || durationSec > MAX_DURATION_SEC) {
    throw new KinoError(
      'invalid_duration',
      `seconds must be from ${MIN_DURATION_SEC} to ${MAX_DURATION_SEC}; got ${durationSec}`,
      'seconds',
    );
  }
  const fps =
    raw.fps === undefined
      ? DEFAULT_OUTPUT.fps
      : toNumber(raw.fps, 'fps', 'invalid_fps', FPS_VALUES.join(' or '));
  if (!(FPS_VALUES as readonly number[]).includes(fps)) {
    throw new KinoError('invalid_fps', `fps must be ${FPS_VALUES.join(' or ')}; got ${fps}`, 'fps');
  }
  const variations =
    raw.variations === undefined
      ? 1
      : toNumber(raw.variations, 'variations', 'invalid_option', `1–${MAX_VARIATIONS}`);
  if (!Number.isInteger(variations) || variations < 1 || variations > MAX_VARIATIONS) {
    throw new KinoError(
      'invalid_option',
      `variations must be an integer from 1 to ${MAX_VARIATIONS}; got ${variations}`,
      'variations',
    );
  }
  if (raw.style !== undefined && !(STYLE_PRESETS as readonly string[]).includes(raw.style)) {
    throw new KinoError(
      'invalid_option',
      `unknown style ${JSON.stringify(raw.style)}; styles are ${STYLE_PRESETS.join(', ')}`,
      'style',
    );
  }
  return {
    width,
    height,
    fps,
    durationSec,
    seed: parseSeed(raw.seed),
    variations,
    ...(raw.style ? { style: raw.style as StylePreset } : {}),
  };
}
