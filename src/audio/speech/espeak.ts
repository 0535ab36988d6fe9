/**
 * Text to speech with eSpeak NG, run as a separate program (Debian's `espeak-ng`; `KINO_ESPEAK`
 * overrides the path). A separate process keeps eSpeak's GPL code out of Kino's own (Apache-2.0),
 * and each line starts from a clean engine. It writes a mono 16-bit WAV to stdout.
 */
import { spawnSync } from 'node:child_process';
import { KinoError } from '../../errors.ts';
import { decodePcmS16leWav } from '../wav.ts';

/** The eSpeak NG voices Kino speaks with. */
export type EspeakVoice = 'en-us' | 'cmn';

export interface VoiceSettings {
  voice: EspeakVoice;
  /** eSpeak's pitch, 0–99 (50 is the voice's own). */
  pitch: number;
  /** Words per minute, 80–450 (175 is eSpeak's default). */
  speed: number;
}

/** One spoken line: mono samples in [-1, 1) at `sampleRate`. */
export interface SpokenLine {
  samples: Float32Array;
  sampleRate: number;
}

/** Text to speech. Throws a KinoError (`render_failed`) when it cannot say a line. */
export interface Speaker {
  speak(text: string, settings: VoiceSettings): SpokenLine;
}

/** Lines kept per process, so a re-render of the same plan does not speak them again. */
const CACHE_LINES = 64;
const TIMEOUT_MS = 20_000;

export function createEspeakSpeaker(binary = process.env.KINO_ESPEAK || 'espeak-ng'): Speaker {
  const cache = new Map<string, SpokenLine>();
  return {
    speak(text, settings) {
      const key = `${settings.voice}|${settings.pitch}|${settings.speed}|${text}`;
      const hit = cache.get(key);
      if (hit) return hit;
      // "--" ends the options: a line that starts with "-" is spoken, not obeyed.
      const args = [
        '--stdout',
        '-v',
        settings.voice,
        '-p',
        String(Math.round(settings.pitch)),
        '-s',
        String(Math.round(settings.speed)),
        '--',
        text,
      ];
      const run = spawnSync(binary, args, { encoding: 'buffer', timeout: TIMEOUT_MS, maxBuffer: 64 << 20 });
      if (run.error) {
        const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
        throw new KinoError(
          'render_failed',
          missing
            ? `speech needs eSpeak NG, which was not found as "${binary}": install it (apt-get install espeak-ng) or set KINO_ESPEAK to its path`
            : `eSpeak NG could not speak ${JSON.stringify(text)}: ${run.error.message}`,
          undefined,
          { cause: run.error },
        );
      }
      if (run.status !== 0) {
        throw new KinoError(
          'render_failed',
          `eSpeak NG failed (exit ${run.status}) on ${JSON.stringify(text)}: ${run.stderr.toString('utf8').trim()}`,
        );
      }
      const wav = decodePcmS16leWav(run.stdout);
      if (wav.channels !== 1)
        throw new KinoError('render_failed', `eSpeak NG wrote ${wav.channels} channels, expected mono`);
      if (!wav.samples.some((x) => Math.abs(x) > 1e-3)) {
        throw new KinoError(
          'render_failed',
          `eSpeak NG spoke ${JSON.stringify(text)} with voice ${settings.voice} as silence: it skips what it ` +
            "cannot read in the voice's language (Chinese characters in English, say)",
        );
      }
      const line = { samples: wav.samples, sampleRate: wav.sampleRate };
      if (cache.size >= CACHE_LINES) cache.delete(cache.keys().next().value!);
      cache.set(key, line);
      return line;
    },
  };
}

let shared: Speaker | undefined;

/** The process's speaker, created on first use. */
export function espeakSpeaker(): Speaker {
  shared ??= createEspeakSpeaker();
  return shared;
}
