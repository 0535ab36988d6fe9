/**
 * Plan → soundtrack: ambience beds, timed effects, music and spoken dialogue, mixed and normalised
 * to −16 LUFS.
 */
export {
  DEFAULT_SAMPLE_RATE,
  PEAK_CEILING,
  TARGET_LUFS,
  renderSoundscape,
  renderSoundscapeInSteps,
  type SoundscapeOptions,
} from './soundscape.ts';
export { integratedLoudness, integratedLoudnessPlanar, kWeightingCoefficients } from './loudness.ts';
export { decodePcmS16leWav, encodePcmS16leWav, type DecodedWav } from './wav.ts';
export { composeScore, type Mood, type ScoreEvent } from './music.ts';
