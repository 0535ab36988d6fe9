import { spawn, type ChildProcess } from 'node:child_process';
import { KinoError } from '../errors.ts';

/** How a spawned ffmpeg/ffprobe ended. `spawnError` is set when it never started. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly spawnError?: NodeJS.ErrnoException;
}

export interface MediaProcess {
  readonly child: ChildProcess;
  /** Settles once the process has exited and its stdio has closed; never rejects. */
  readonly exited: Promise<ProcessExit>;
  /** The last lines ffmpeg wrote to stderr, without `-progress` key=value lines. */
  stderrTail(): string;
  /** SIGKILL it (if still running) and wait until it is gone, so callers can then safely delete its files. */
  kill(): Promise<ProcessExit>;
}

export interface StartOptions {
  /** Open fd 3 as a writable pipe (ffmpeg's `pipe:3`). */
  readonly extraInputPipe?: boolean;
  readonly stdin?: 'pipe' | 'ignore';
  readonly stdout?: 'pipe' | 'ignore';
  /** Receives `key=value` lines from `-progress pipe:2`. */
  readonly onProgressLine?: (key: string, value: string) => void;
}

const STDERR_TAIL_LINES = 15;
// `-progress` lines are `key=value` without spaces; ffmpeg's log messages always contain spaces.
const PROGRESS_LINE = /^([a-z0-9_]+)=(\S*)$/;

const live = new Set<ChildProcess>();
const exitCleanups = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Run `fn` if Node exits while it is still registered. All live children are SIGKILLed before any of
 * these run, because deleting a file ffmpeg has not opened yet would let ffmpeg create it afterwards.
 */
export function registerExitCleanup(fn: () => void): () => void {
  installExitHook();
  exitCleanups.add(fn);
  return () => exitCleanups.delete(fn);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const fn of exitCleanups) {
      try {
        fn();
      } catch {
        // Best effort: the process is exiting anyway.
      }
    }
  });
}

export function startProcess(bin: string, args: readonly string[], options: StartOptions = {}): MediaProcess {
  installExitHook();
  const child = spawn(bin, args, {
    stdio: [
      options.stdin ?? 'pipe',
      options.stdout ?? 'ignore',
      'pipe',
      ...(options.extraInputPipe ? (['pipe'] as const) : []),
    ],
    windowsHide: true,
  });
  live.add(child);

  const tail: string[] = [];
  let partial = '';
  const takeLine = (line: string): void => {
    const progress = PROGRESS_LINE.exec(line);
    if (progress) {
      options.onProgressLine?.(progress[1]!, progress[2]!);
      return;
    }
    if (line.trim() === '') return;
    tail.push(line);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split(/\r\n|\r|\n/);
    partial = lines.pop() ?? '';
    for (const line of lines) takeLine(line);
  });

  // Writes to a dead ffmpeg fail with EPIPE; the exit code and stderr tell the real story, so these
  // errors are reported through `exited`, not as unhandled stream errors.
  for (const stream of child.stdio) stream?.on('error', () => {});

  const exited = new Promise<ProcessExit>((resolve) => {
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (child.pid === undefined) spawnError = err;
    });
    child.once('close', (code, signal) => {
      live.delete(child);
      if (partial) takeLine(partial);
      partial = '';
      resolve(spawnError ? { code, signal, spawnError } : { code, signal });
    });
  });

  return {
    child,
    exited,
    stderrTail: () => tail.join('\n'),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** A KinoError for a process that did not exit cleanly, quoting the end of its stderr. */
export function processFailure(what: string, bin: string, exit: ProcessExit, stderrTail: string): KinoError {
  if (exit.spawnError) {
    return new KinoError(
      'ffmpeg_missing',
      `Could not start ${bin} (${exit.spawnError.code ?? exit.spawnError.message}) for ${what}. ` +
        'Install ffmpeg (e.g. `apt-get install ffmpeg`) or set KINO_FFMPEG to an ffmpeg binary.',
      undefined,
      { cause: exit.spawnError },
    );
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const detail = stderrTail ? `:\n${stderrTail}` : ' without an error message.';
  return new KinoError('ffmpeg_failed', `${what} failed: ${bin} ${how}${detail}`);
}

export function cancelledError(what: string, reason?: unknown): KinoError {
  const why =
    reason instanceof Error ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : '';
  return new KinoError('cancelled', `${what} was cancelled${why}`, undefined, { cause: reason });
}

/** Call `fn` once when `signal` aborts; returns an unsubscribe function. */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    fn();
    return () => {};
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

export interface CollectOptions {
  readonly signal?: AbortSignal;
  /** Refuse to hold more than this much stdout, so a wrong call cannot buffer a whole video. */
  readonly maxStdoutBytes?: number;
}

/**
 * Run a short-lived ffmpeg/ffprobe whose stdout is small (JSON, one PNG) and return that stdout.
 * Rejects with 'ffmpeg_failed' (stderr tail included), 'ffmpeg_missing' or 'cancelled'.
 */
export async function runCollect(
  what: string,
  bin: string,
  args: readonly string[],
  options: CollectOptions = {},
): Promise<Buffer> {
  if (options.signal?.aborted) throw cancelledError(what, options.signal.reason);
  const proc = startProcess(bin, args, { stdin: 'ignore', stdout: 'pipe' });
  const limit = options.maxStdoutBytes ?? 64 * 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      overflow = true;
      void proc.kill();
      return;
    }
    chunks.push(chunk);
  });
  let cancelled = false;
  const unsubscribe = onAbort(options.signal, () => {
    cancelled = true;
    void proc.kill();
  });
  const exit = await proc.exited;
  unsubscribe();
  if (cancelled) throw cancelledError(what, options.signal?.reason);
  if (overflow) throw new KinoError('ffmpeg_failed', `${what} produced more than ${limit} bytes of output`);
  if (exit.code !== 0) throw processFailure(what, bin, exit, proc.stderrTail());
  return Buffer.concat(chunks);
}
