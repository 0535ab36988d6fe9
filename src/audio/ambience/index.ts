import type { AMBIENCES } from '../../plan/index.ts';
import type { BedRenderer } from '../context.ts';
import { renderBirds } from './birds.ts';
import { renderCity } from './city.ts';
import { renderCrowd } from './crowd.ts';
import { renderDrone } from './drone.ts';
import { renderEngine } from './engine.ts';
import { renderRain } from './rain.ts';
import { renderRoom } from './room.ts';
import { renderSea } from './sea.ts';
import { renderTimber } from './timber.ts';
import { renderWind } from './wind.ts';

export type AmbienceKind = (typeof AMBIENCES)[number];

export interface BedSpec {
  render: BedRenderer;
  /**
   * Linear trim that brings the kind's natural output to −20 LUFS at plan gain 1 (mean over four
   * seeds, 20 s, measured with `integratedLoudness`). Sparse kinds sit lower so they stay
   * incidental: birds at −26, timber creaks at −23. Room tone sits at −38, felt under the music
   * rather than heard, and the space drone at −26, a few dB over the music.
   */
  trim: number;
}

export const BEDS: Record<AmbienceKind, BedSpec> = {
  sea: { render: renderSea, trim: 0.544 },
  wind: { render: renderWind, trim: 0.705 },
  city: { render: renderCity, trim: 1.064 },
  engine: { render: renderEngine, trim: 0.22 },
  rain: { render: renderRain, trim: 0.258 },
  birds: { render: renderBirds, trim: 0.16 },
  timber: { render: renderTimber, trim: 0.38 },
  crowd: { render: renderCrowd, trim: 1.183 },
  room: { render: renderRoom, trim: 0.0741 },
  drone: { render: renderDrone, trim: 0.427 },
};
