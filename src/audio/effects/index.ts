import type { EFFECTS } from '../../plan/index.ts';
import type { EffectRenderer } from '../context.ts';
import { renderApplause } from './applause.ts';
import { renderBaa } from './baa.ts';
import { renderBark } from './bark.ts';
import { renderBell } from './bell.ts';
import { renderChime } from './chime.ts';
import { renderExplosion } from './explosion.ts';
import { renderFirework } from './firework.ts';
import { renderFootsteps } from './footsteps.ts';
import { renderGull } from './gull.ts';
import { renderHorn } from './horn.ts';
import { renderMeow } from './meow.ts';
import { renderMoo } from './moo.ts';
import { renderNeigh } from './neigh.ts';
import { renderRoar } from './roar.ts';
import { renderRumble } from './rumble.ts';
import { renderSiren } from './siren.ts';
import { renderSplash } from './splash.ts';
import { renderThunder } from './thunder.ts';
import { renderThud } from './thud.ts';
import { renderWhistle } from './whistle.ts';

export type EffectKind = (typeof EFFECTS)[number];

export interface EffectSpec {
  render: EffectRenderer;
  /**
   * Linear trim to −12 LUFS at plan gain 1 (the effect's own gated loudness; gulls, being far
   * off, and footsteps, being small, −15): events sit well above the beds at their default gains.
   * Mono effects (all but roar, rumble, splash, thunder, explosion and applause) carry an extra √2
   * for the equal-power pan's −3 dB at centre. The newer kinds' trims are the mean over 16 seeds.
   */
  trim: number;
  /** How much goes to the reverb: open-air calls and big events ring, close mechanical ones less. */
  reverbSend: number;
}

export const EFFECT_SPECS: Record<EffectKind, EffectSpec> = {
  splash: { render: renderSplash, trim: 0.981, reverbSend: 0.25 },
  roar: { render: renderRoar, trim: 0.536, reverbSend: 0.45 },
  rumble: { render: renderRumble, trim: 1.209, reverbSend: 0.1 },
  thunder: { render: renderThunder, trim: 0.64, reverbSend: 0.3 },
  horn: { render: renderHorn, trim: 0.407, reverbSend: 0.2 },
  gull: { render: renderGull, trim: 0.368, reverbSend: 0.5 },
  chime: { render: renderChime, trim: 0.247, reverbSend: 0.25 },
  bark: { render: renderBark, trim: 0.914, reverbSend: 0.3 },
  meow: { render: renderMeow, trim: 0.517, reverbSend: 0.2 },
  neigh: { render: renderNeigh, trim: 0.442, reverbSend: 0.4 },
  moo: { render: renderMoo, trim: 0.818, reverbSend: 0.4 },
  baa: { render: renderBaa, trim: 1.193, reverbSend: 0.35 },
  siren: { render: renderSiren, trim: 0.293, reverbSend: 0.35 },
  bell: { render: renderBell, trim: 0.743, reverbSend: 0.5 },
  explosion: { render: renderExplosion, trim: 0.83, reverbSend: 0.35 },
  footsteps: { render: renderFootsteps, trim: 1.19, reverbSend: 0.15 },
  applause: { render: renderApplause, trim: 1.168, reverbSend: 0.3 },
  whistle: { render: renderWhistle, trim: 0.301, reverbSend: 0.35 },
  thud: { render: renderThud, trim: 1.958, reverbSend: 0.15 },
  firework: { render: renderFirework, trim: 1.631, reverbSend: 0.45 },
};
