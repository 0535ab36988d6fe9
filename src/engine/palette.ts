/**
 * One light story per shot: sky, sun, ambient and fog colours from time of day, weather and lighting.
 */
import type { Shot, TimeOfDay } from '../plan/index.ts';
import { deg } from '../lib/math.ts';
import { hex, mixRgb, scaleRgb, type Rgb } from './color.ts';
import { normalize, type V3 } from './vec.ts';

export interface Palette {
  skyTop: Rgb;
  skyHorizon: Rgb;
  sun: Rgb;
  /** Direction toward the key light. */
  sunDir: V3;
  /** How strongly the key light shapes surfaces (0 in thick overcast). */
  keyStrength: number;
  ambient: Rgb;
  fog: Rgb;
  /** Per-metre extinction for aerial perspective and fog. */
  fogDensity: number;
  night: boolean;
  /** Sun visible as a disc. */
  sunVisible: boolean;
}

interface TimeLook {
  top: string;
  horizon: string;
  sun: string;
  ambient: string;
  elevationDeg: number;
}

const TIMES: Record<TimeOfDay, TimeLook> = {
  dawn: { top: '#2f4a78', horizon: '#f0b89a', sun: '#ffc39a', ambient: '#5d6a8c', elevationDeg: 4 },
  morning: { top: '#4f7fc0', horizon: '#cfe0ee', sun: '#fff1dc', ambient: '#7a8aa3', elevationDeg: 22 },
  noon: { top: '#3d74c4', horizon: '#bcd6ee', sun: '#fffaf0', ambient: '#8795a8', elevationDeg: 62 },
  afternoon: { top: '#4a7cc2', horizon: '#d3e2ee', sun: '#fff0d6', ambient: '#7c8aa0', elevationDeg: 32 },
  'golden-hour': { top: '#4a6fa8', horizon: '#f3c38e', sun: '#ffb866', ambient: '#6a6f93', elevationDeg: 8 },
  dusk: { top: '#1d2a55', horizon: '#c77b6a', sun: '#ff9a66', ambient: '#3a3f66', elevationDeg: -2 },
  night: { top: '#05070f', horizon: '#1a2036', sun: '#9fb4ff', ambient: '#141a2e', elevationDeg: 35 },
};

/** How much of the horizon's colour survives in fog and overcast at each time of day. */
const LOW_SUN_TINT: Partial<Record<Shot['timeOfDay'], number>> = {
  dawn: 0.45,
  morning: 0.15,
  'golden-hour': 0.5,
};

export function paletteFor(shot: Shot): Palette {
  const look = TIMES[shot.timeOfDay];
  let skyTop = hex(look.top);
  let skyHorizon = hex(look.horizon);
  let sun = hex(look.sun);
  let ambient = hex(look.ambient);
  let keyStrength = shot.timeOfDay === 'night' ? 0.25 : 1;
  const night = shot.timeOfDay === 'night' || shot.timeOfDay === 'dusk';

  const overcast =
    shot.weather === 'fog' ||
    shot.weather === 'overcast' ||
    shot.weather === 'rain' ||
    shot.weather === 'storm';
  if (overcast) {
    // Fog and cloud scatter the low sun's colour: a dawn fog glows pink, not a neutral grey.
    const neutral = night ? hex('#1b2029') : hex(shot.weather === 'fog' ? '#c9d1cf' : '#9aa3ab');
    const grey = night ? neutral : mixRgb(neutral, hex(look.horizon), LOW_SUN_TINT[shot.timeOfDay] ?? 0);
    skyTop = mixRgb(skyTop, scaleRgb(grey, shot.weather === 'fog' ? 0.82 : 0.75), 0.85);
    skyHorizon = mixRgb(skyHorizon, grey, 0.9);
    sun = mixRgb(sun, grey, 0.6);
    ambient = mixRgb(ambient, scaleRgb(grey, 0.7), 0.6);
    keyStrength *= shot.weather === 'fog' ? 0.35 : 0.5;
  } else if (shot.weather === 'cloudy' || shot.weather === 'snow') {
    skyTop = mixRgb(skyTop, hex('#a9b4c0'), 0.45);
    skyHorizon = mixRgb(skyHorizon, hex('#dde3e8'), 0.5);
    keyStrength *= 0.75;
  }

  const elevation = deg(look.elevationDeg);
  const azimuth = deg(shot.timeOfDay === 'golden-hour' || shot.timeOfDay === 'dusk' ? -55 : 35);
  const sunDir = normalize({
    x: Math.sin(azimuth) * Math.cos(elevation),
    y: Math.sin(elevation),
    z: Math.cos(azimuth) * Math.cos(elevation),
  });

  const fog = shot.atmosphere.fog;
  // A drone sees the ground a kilometre or two away, where ground-level fog is a white wall: from the
  // air, weather fog is thinned to a third, and never thicker than a veil of ≈ 3/4 at 2 km.
  const groundFog = 3 / (45 + 3000 * (1 - fog) ** 2);
  const weatherFog = shot.camera.viewpoint === 'drone' ? Math.min(groundFog * 0.35, 0.0007) : groundFog;
  const fogDensity = fog > 0 ? weatherFog : shot.atmosphere.haze * 0.00035 + 0.00002;
  const fogColor = fog > 0 ? mixRgb(skyHorizon, hex('#dfe6e4'), night ? 0 : 0.3) : skyHorizon;

  return settingLight(shot, {
    skyTop,
    skyHorizon,
    sun,
    sunDir,
    keyStrength,
    ambient,
    fog: fogColor,
    fogDensity,
    night,
    sunVisible: !overcast && !night && look.elevationDeg < 40,
  });
}

/**
 * What the place does to the light: a forest's air is thick and green under the canopy, a desert's
 * (and more faintly the savanna's) haze is warm dust, a room has no distance to haze over, and space has no air at all: one hard
 * star and a faint blue fill.
 */
function settingLight(shot: Shot, p: Palette): Palette {
  switch (shot.setting) {
    case 'forest':
      return {
        ...p,
        fog: p.night ? p.fog : mixRgb(p.fog, hex('#7d9a80'), 0.45),
        fogDensity: Math.max(p.fogDensity, 0.016),
        keyStrength: p.keyStrength * 0.85,
        ambient: mixRgb(p.ambient, hex('#4f6b4a'), 0.3),
      };
    case 'desert':
      return {
        ...p,
        // Moonlit sand reads silver-blue: the bright ground carries the night.
        keyStrength: p.night ? Math.max(p.keyStrength, 0.55) : p.keyStrength,
        fog: p.night ? p.fog : mixRgb(p.fog, hex('#e9cfa6'), 0.35),
        fogDensity: Math.max(p.fogDensity, 0.0006),
        ambient: mixRgb(p.ambient, hex('#a08466'), 0.25),
      };
    case 'savanna':
      // Dry-season air: a warm dust haze over the plain, and light bounced off the straw-coloured grass.
      return {
        ...p,
        fog: p.night ? p.fog : mixRgb(p.fog, hex('#e6cd9c'), 0.3),
        fogDensity: Math.max(p.fogDensity, 0.0004),
        ambient: mixRgb(p.ambient, hex('#a08a5e'), 0.2),
      };
    case 'beach':
      // Sea air: a salt haze that softens the far shore.
      return { ...p, fogDensity: Math.max(p.fogDensity, 0.0005) };
    case 'interior':
      return { ...p, fogDensity: Math.min(p.fogDensity, 0.004), sunVisible: false };
    case 'space':
      return {
        skyTop: hex('#020309'),
        skyHorizon: hex('#070a16'),
        sun: hex('#fff3e2'),
        sunDir: normalize({ x: -0.42, y: 0.26, z: 0.87 }),
        keyStrength: 1.15,
        ambient: hex('#1c2340'),
        fog: hex('#05070f'),
        fogDensity: 1e-7,
        night: false,
        sunVisible: false,
      };
    default:
      return p;
  }
}

/** Fraction of a surface's colour replaced by fog/haze at a distance. */
export const fogAmount = (p: Palette, distance: number): number =>
  1 - Math.exp(-Math.max(0, distance) * p.fogDensity);

/** A surface colour lit by the key light (lambert) plus ambient, then fogged by distance. */
export function shade(p: Palette, albedo: Rgb, normalDotSun: number, distance: number): Rgb {
  const lambert = Math.max(0, normalDotSun) * p.keyStrength;
  const lit: Rgb = [
    albedo[0] * ((p.ambient[0] / 255) * 1.1 + (p.sun[0] / 255) * lambert),
    albedo[1] * ((p.ambient[1] / 255) * 1.1 + (p.sun[1] / 255) * lambert),
    albedo[2] * ((p.ambient[2] / 255) * 1.1 + (p.sun[2] / 255) * lambert),
  ];
  return mixRgb(lit, p.fog, fogAmount(p, distance));
}
