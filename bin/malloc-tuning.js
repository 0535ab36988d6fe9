// glibc malloc settings for render processes. Every rendered frame is an 8 MB pixel buffer; by default
// glibc serves blocks that large with a fresh mmap and hands them back on free, so each frame's read-back
// page-faults its whole buffer in again (≈15 ms of a 1080p frame). Keeping large blocks on the heap and
// not trimming it makes the read-back ≈3 ms. glibc reads these only when a process starts, so the
// launcher re-executes itself with them (docs/performance.md).
import { spawn } from 'node:child_process';

export const MALLOC_TUNING = Object.freeze({
  MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(128 * 1024 * 1024),
});

/** `env` with the tuning added (values already set in `env` win). */
export function withMallocTuning(env) {
  return { ...MALLOC_TUNING, ...env };
}

/** Whether this process started with the tuning (or is not on glibc, where it means nothing). */
export function hasMallocTuning(env) {
  return process.platform !== 'linux' || Object.keys(MALLOC_TUNING).every((key) => env[key] !== undefined);
}

/**
 * Re-runs this process's command line with the tuning unless it already has it, passing signals on and
 * exiting with the child's status. Returns whether it did: the caller then does nothing else.
 */
export function reexecWithMallocTuning() {
  if (hasMallocTuning(process.env)) return false;
  // An IPC channel is the child's lifeline: if this launcher is killed outright (SIGKILL), the child
  // sees the channel close and stops instead of running on as an orphan (see bin/kino.js).
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...withMallocTuning(process.env), KINO_LAUNCHER_PID: String(process.pid) },
  });
  // The child gets terminal signals itself (same process group); forward the ones sent to us alone.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  // Started by another process over IPC (a worker pool): when that parent goes, so does the child.
  if (process.channel) process.once('disconnect', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
  return true;
}

/** In a process started by reexecWithMallocTuning: stop (SIGTERM) when the launcher goes away. */
export function followLauncher() {
  if (process.env.KINO_LAUNCHER_PID !== String(process.ppid) || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
