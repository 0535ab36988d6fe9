import { createRequire } from 'node:module';
import { KinoError } from '../../errors.ts';
import { decodePcmS16leWav } from '../wav.ts';

/** The meSpeak voices Kino speaks with, by their eSpeak voice id. */
export type MespeakVoice = 'en/en-us' | 'zh';

export interface VoiceSettings {
  voice: MespeakVoice;
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

/** What a speaker needs from the mespeak package: its engine constructor and data files. */
export interface MespeakPackage {
  ESpeak: new () => EspeakInstance;
  config: MespeakConfig;
  voices: Record<MespeakVoice, MespeakVoiceData>;
}

/** The emscripten build of eSpeak in mespeak/src/ESpeak.js: a virtual file system and its main(). */
interface EspeakInstance {
  Module: { arguments: string[] };
  FS: {
    root: {
      write: boolean;
      contents: Record<string, { contents: ArrayLike<number> & { length: number } } | undefined>;
    };
    streams: ({ object?: { output?: { printer?: (line: string) => void } } } | undefined)[];
    findObject(path: string): unknown;
    createPath(parent: string, path: string, canRead: boolean, canWrite: boolean): unknown;
    createDataFile(
      parent: string,
      name: string,
      data: number[],
      canRead: boolean,
      canWrite: boolean,
    ): unknown;
  };
  run(): unknown;
}

/** mespeak/src/mespeak_config.json: eSpeak's phoneme data, base64-encoded. */
interface MespeakConfig {
  config: string;
  phontab: string;
  phonindex: string;
  phondata: string;
  intonations: string;
}

/** mespeak/voices/…json: a voice file and its dictionary, base64-encoded unless marked as text. */
interface MespeakVoiceData {
  voice_id: string;
  dict_id?: string;
  dict?: string;
  voice: string;
  voice_encoding?: string;
  files?: { path: string; data: string; encoding?: string }[];
}

const DATA_DIR = '/espeak/espeak-data';
const VOICE_FILES: Record<MespeakVoice, string> = {
  'en/en-us': 'mespeak/voices/en/en-us.json',
  zh: 'mespeak/voices/zh.json',
};
/**
 * The emscripten build leaks a file handle or so per run and, after about 72 runs, reads its
 * dictionary as garbage and then aborts the whole process with a fatal V8 error that no try/catch
 * sees (meSpeak's own wrapper has a recovery hook that its npm build never calls). So a fresh
 * engine is made well before that: it costs ~100 ms, a line ~20–50 ms.
 */
const RUNS_PER_ENGINE = 24;
/** Lines kept, so re-rendering a plan (previews, variations) does not speak them again. */
const CACHE_LINES = 64;

/** Loads the mespeak package from node_modules: synchronous, so rendering stays a plain function call. */
export function requireMespeak(): MespeakPackage {
  const require = createRequire(import.meta.url);
  return {
    // The engine itself, not the package's main module: see RUNS_PER_ENGINE.
    ESpeak: require('mespeak/src/ESpeak.js') as MespeakPackage['ESpeak'],
    config: require('mespeak/src/mespeak_config.json') as MespeakConfig,
    voices: {
      'en/en-us': require(VOICE_FILES['en/en-us']) as MespeakVoiceData,
      zh: require(VOICE_FILES.zh) as MespeakVoiceData,
    },
  };
}

interface DataFile {
  dir: string;
  name: string;
  bytes: Uint8Array;
}

/**
 * A speaker backed by meSpeak (eSpeak compiled to JavaScript: formant synthesis, offline, 16-bit
 * mono at 22.05 kHz). Nothing is loaded until the first line is spoken; `load` is there so tests
 * can stand in a broken package. Output is a pure function of (text, settings).
 */
export function createMespeakSpeaker(load: () => MespeakPackage = requireMespeak): Speaker {
  let files: DataFile[] | undefined;
  let ESpeak: MespeakPackage['ESpeak'] | undefined;
  let engine: EspeakInstance | undefined;
  let runs = 0;
  const messages: string[] = [];
  const cache = new Map<string, SpokenLine>();

  const init = (): void => {
    if (files) return;
    try {
      const pkg = load();
      ESpeak = pkg.ESpeak;
      files = dataFiles(pkg);
    } catch (err) {
      throw new KinoError(
        'render_failed',
        `Speech needs the mespeak text-to-speech package, and it did not load: ${(err as Error).message}. ` +
          'Install it with `npm install mespeak`, or remove the lines in plan.audio.speech.',
        'audio.speech',
        { cause: err },
      );
    }
  };

  const freshEngine = (): EspeakInstance => {
    const es = new ESpeak!();
    for (const f of files!) {
      if (!es.FS.findObject(f.dir)) es.FS.createPath('/', f.dir.slice(1), true, true);
      es.FS.createDataFile(f.dir, f.name, Array.from(f.bytes), true, false);
    }
    // eSpeak writes its WAV at the root, which emscripten creates read-only.
    es.FS.root.write = true;
    // eSpeak's stdout and stderr go to console.warn unless told otherwise: keep them for errors.
    for (const stream of es.FS.streams) {
      if (stream?.object?.output) stream.object.output.printer = (line) => messages.push(line);
    }
    return es;
  };

  const run = (text: string, settings: VoiceSettings): Uint8Array => {
    if (!engine || runs >= RUNS_PER_ENGINE) {
      engine = freshEngine();
      runs = 0;
    }
    runs++;
    engine.Module.arguments = [
      ...['-w', 'wav.wav', '-a', '100', '-g', '0', '-b', '1'],
      ...['-p', String(settings.pitch), '-s', String(settings.speed), '-v', settings.voice],
      '--path=/espeak',
      text,
    ];
    engine.run();
    const file = engine.FS.root.contents['wav.wav'];
    if (!file) throw new Error('eSpeak wrote no WAV file');
    // Emscripten stores file bytes as numbers, possibly signed: reduce them to octets.
    const bytes = Uint8Array.from(file.contents as ArrayLike<number>, (v) => v & 0xff);
    file.contents = [];
    return bytes;
  };

  return {
    speak(text, settings) {
      const key = `${settings.voice}|${settings.pitch}|${settings.speed}|${text}`;
      const hit = cache.get(key);
      if (hit) return hit;
      init();
      messages.length = 0;
      let line: SpokenLine;
      try {
        const wav = decodePcmS16leWav(run(text, settings));
        line = { samples: wav.samples, sampleRate: wav.sampleRate };
        if (wav.channels !== 1) throw new Error(`eSpeak wrote ${wav.channels} channels, expected mono`);
      } catch (err) {
        // A failed run can leave the engine in any state: start the next line on a new one.
        engine = undefined;
        const said = messages.length ? ` (eSpeak said: ${messages.join(' / ')})` : '';
        throw new KinoError(
          'render_failed',
          `mespeak could not speak ${JSON.stringify(text)} with voice ${settings.voice}: ${(err as Error).message}${said}`,
          undefined,
          { cause: err },
        );
      }
      if (!line.samples.some((x) => Math.abs(x) > 1e-3)) {
        throw new KinoError(
          'render_failed',
          `mespeak spoke ${JSON.stringify(text)} with voice ${settings.voice} as silence: eSpeak skips what it ` +
            "cannot read in the voice's language (Chinese characters in English, say)",
        );
      }
      if (cache.size >= CACHE_LINES) cache.delete(cache.keys().next().value!);
      cache.set(key, line);
      return line;
    },
  };
}

/** The files eSpeak reads, decoded once per process and copied into each fresh engine. */
function dataFiles(pkg: MespeakPackage): DataFile[] {
  const decode = (data: string, encoding?: string): Uint8Array =>
    encoding === 'text' ? Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff) : Buffer.from(data, 'base64');
  const { config } = pkg;
  const out: DataFile[] = (['config', 'phontab', 'phonindex', 'phondata', 'intonations'] as const).map(
    (name) => ({
      dir: DATA_DIR,
      name,
      bytes: decode(config[name]),
    }),
  );
  for (const voice of Object.values(pkg.voices)) {
    if (voice.dict_id && voice.dict)
      out.push({ dir: DATA_DIR, name: voice.dict_id, bytes: decode(voice.dict) });
    const parts = voice.voice_id.split('/');
    out.push({
      dir: [`${DATA_DIR}/voices`, ...parts.slice(0, -1)].join('/'),
      name: parts[parts.length - 1]!,
      bytes: decode(voice.voice, voice.voice_encoding),
    });
    for (const f of voice.files ?? []) {
      const path = f.path.split('/');
      out.push({
        dir: [DATA_DIR, ...path.slice(0, -1)].join('/'),
        name: path[path.length - 1]!,
        bytes: decode(f.data, f.encoding),
      });
    }
  }
  return out;
}

let shared: Speaker | undefined;

/** The process's meSpeak speaker, created on first use (so a plan without speech never loads it). */
export function mespeakSpeaker(): Speaker {
  shared ??= createMespeakSpeaker();
  return shared;
}
