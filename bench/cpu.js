/**
 * CPU time of this process (all its threads) and of its children that have exited (ffmpeg), in
 * milliseconds, from /proc/self/stat. Wall-clock times swing with whatever else runs on the machine;
 * CPU time per frame is what the render and encode paths actually cost.
 * Plain JavaScript: bench-job.js imports it without a TypeScript loader.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** @returns {{ own: number, children: number }} */
export function processCpuMs() {
  // Fields after the ")" that closes the command name: utime is the 14th field of the line, stime,
  // cutime and cstime follow.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  /** @param {number} i */
  const tick = (i) => (Number(fields[i - 3]) * 1000) / TICKS_PER_SECOND;
  return { own: tick(14) + tick(15), children: tick(16) + tick(17) };
}

/** Resident memory (MiB) of a process and all its descendants, read from /proc; 0 once it is gone. */
/** @param {number} pid @returns {number} */
export function treeRssMiB(pid) {
  let kib = 0;
  /** @param {number} p */
  const visit = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of readdirSafe(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const child of children ? children.split(' ') : []) visit(Number(child));
      }
    } catch {
      // The process exited between listing and reading.
    }
  };
  visit(pid);
  return kib / 1024;
}

/** @param {string} path @returns {string[]} */
function readdirSafe(path) {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
