import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { KinoError } from '../errors.ts';

export interface FfmpegPaths {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

const EXE = process.platform === 'win32' ? '.exe' : '';
const HOW_TO_FIX =
  'Install ffmpeg (e.g. `apt-get install ffmpeg`), or set KINO_FFMPEG (and optionally KINO_FFPROBE) ' +
  'to the full path of the binaries.';

const cache = new Map<string, FfmpegPaths>();

/**
 * Which ffmpeg/ffprobe Kino runs: KINO_FFMPEG/KINO_FFPROBE if set, else the ones on PATH (a distro
 * build is newer and has more encoders), else the static builds from @ffmpeg-installer/@ffprobe-installer.
 */
export function resolveFfmpeg(): FfmpegPaths {
  const env = process.env;
  const key = [env.KINO_FFMPEG, env.KINO_FFPROBE, env.PATH].join('\0');
  const cached = cache.get(key);
  if (cached) return cached;
  const paths = { ffmpeg: findFfmpeg(), ffprobe: findFfprobe() };
  cache.set(key, paths);
  return paths;
}

function findFfmpeg(): string {
  const explicit = process.env.KINO_FFMPEG;
  // An explicit setting that does not work is a mistake to report, not a reason to quietly use another ffmpeg.
  if (explicit) return requireExecutable('KINO_FFMPEG', explicit);
  const tried: string[] = [];
  return (
    searchPath('ffmpeg', tried) ??
    fromInstaller('@ffmpeg-installer/ffmpeg', tried) ??
    notFound('ffmpeg', tried)
  );
}

function findFfprobe(): string {
  const explicit = process.env.KINO_FFPROBE;
  if (explicit) return requireExecutable('KINO_FFPROBE', explicit);
  const tried: string[] = [];
  const ffmpeg = process.env.KINO_FFMPEG;
  // A custom ffmpeg usually ships with its ffprobe; prefer that pair over a mismatched one.
  const sibling = ffmpeg ? check(join(dirname(ffmpeg), `ffprobe${EXE}`), tried) : undefined;
  return (
    sibling ??
    searchPath('ffprobe', tried) ??
    fromInstaller('@ffprobe-installer/ffprobe', tried) ??
    notFound('ffprobe', tried)
  );
}

function requireExecutable(variable: string, path: string): string {
  const problem = executableProblem(path);
  if (problem) {
    throw new KinoError('ffmpeg_missing', `${variable}="${path}" ${problem}. ${HOW_TO_FIX}`, variable);
  }
  return path;
}

function searchPath(name: string, tried: string[]): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const found = check(join(dir, name + EXE), tried, false);
    if (found) return found;
  }
  tried.push(`${name} on PATH`);
  return undefined;
}

function fromInstaller(pkg: string, tried: string[]): string | undefined {
  let path: string;
  try {
    path = (createRequire(import.meta.url)(pkg) as { path: string }).path;
  } catch (err) {
    // These packages throw plain strings when their platform binary is absent.
    tried.push(`${pkg} (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
  return check(path, tried);
}

function check(path: string, tried: string[], record = true): string | undefined {
  const problem = executableProblem(path);
  if (!problem) return path;
  if (record) tried.push(`${path} (${problem})`);
  return undefined;
}

function executableProblem(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
  } catch {
    return 'does not exist';
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}

function notFound(name: string, tried: string[]): never {
  throw new KinoError('ffmpeg_missing', `Could not find ${name}; tried ${tried.join(', ')}. ${HOW_TO_FIX}`);
}
