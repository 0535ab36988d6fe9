/**
 * The one place that loads `@contentauth/c2pa-wasm` (c2pa-rs compiled to wasm) and makes it work in Node:
 * it is initialised synchronously once, and the builder reads its input through `FileReaderSync`, a
 * browser-worker API that Node lacks, so a small polyfill reads Kino's file-backed blobs with `readSync`.
 */
import { readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import * as c2pa from '@contentauth/c2pa-wasm';

export type C2pa = typeof c2pa;

let loaded = false;
let compiled: Promise<c2pa.SyncInitInput> | undefined;
let compiledModule: c2pa.SyncInitInput | undefined;

/** WebAssembly's asynchronous compile (the project's TypeScript libs do not declare the global). */
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<c2pa.SyncInitInput> };
};

const wasmPath = (): string => createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm');

/**
 * Compiles c2pa-wasm without holding up this thread: V8 compiles WebAssembly asked for
 * asynchronously on its background threads. A job starts this while it renders; compiled
 * synchronously, the 9 MB module would stall its main thread for 40–50 ms (more on a busy machine)
 * just when that thread synthesises the soundtrack and feeds the render workers.
 */
export function compileC2pa(): Promise<void> {
  compiled ??= readFile(wasmPath())
    .then((bytes) => wasm.compile(bytes))
    .then((module) => (compiledModule = module));
  return compiled.then(() => {});
}

/** c2pa-wasm, ready: instantiated from the module `compileC2pa` made, else compiled here and now. */
export function loadC2pa(): C2pa {
  if (!loaded) {
    installFileReaderSync();
    c2pa.initSync({ module: compiledModule ?? readFileSync(wasmPath()) });
    loaded = true;
  }
  return c2pa;
}

interface FileSpan {
  readonly fd: number;
  readonly start: number;
  readonly end: number;
}

const spans = new WeakMap<object, FileSpan>();

/**
 * A Blob stand-in for bytes [start, end) of an open file. c2pa-wasm only ever asks a blob for `size`,
 * calls `slice`, and reads it with `FileReaderSync`; serving those from the file means a video of a few
 * hundred MB is read once, in the chunks the builder asks for, and never copied whole into JS memory.
 * The caller keeps `fd` open until c2pa-wasm is done with the blob.
 */
export function fileBlob(fd: number, start: number, end: number): Blob {
  const size = end - start;
  const blob = {
    size,
    type: '',
    slice(from?: number, to?: number): Blob {
      const a = start + relativeIndex(from ?? 0, size);
      const b = start + relativeIndex(to ?? size, size);
      return fileBlob(fd, a, Math.max(a, b));
    },
  };
  spans.set(blob, { fd, start, end });
  // Only size, slice and FileReaderSync are used on it (checked against c2pa.js 0.13.3), so the cast is safe.
  return blob as unknown as Blob;
}

/** Blob.slice semantics: negative indices count from the end, everything is clamped to [0, size]. */
function relativeIndex(index: number, size: number): number {
  return index < 0 ? Math.max(size + index, 0) : Math.min(index, size);
}

class FileReaderSyncPolyfill {
  readAsArrayBuffer(blob: object): ArrayBuffer {
    const span = spans.get(blob);
    if (!span) throw new TypeError('FileReaderSync (Kino polyfill) can only read blobs made by fileBlob()');
    const bytes = new Uint8Array(span.end - span.start);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(span.fd, bytes, done, bytes.length - done, span.start + done);
      if (n === 0) {
        throw new Error(
          `file ended early: wanted ${bytes.length} bytes at offset ${span.start}, got ${done}`,
        );
      }
      done += n;
    }
    return bytes.buffer;
  }
}

function installFileReaderSync(): void {
  if ('FileReaderSync' in globalThis) return;
  Object.defineProperty(globalThis, 'FileReaderSync', {
    value: FileReaderSyncPolyfill,
    writable: true,
    configurable: true,
  });
}

/**
 * c2pa-wasm rejects with plain strings such as `C2pa(JumbfNotFound)`, not Error objects. When the
 * builder's own check of what it just signed fails, the string is a Rust debug dump of every
 * validation result (kilobytes); only its failures are worth showing.
 */
export function c2paErrorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
  const failures = [
    ...raw.matchAll(
      /code: "([^"]+)", url: [^,]*, explanation: (?:Some\("((?:[^"\\]|\\.)*)"\)|None)[^}]*?kind: Failure/g,
    ),
  ];
  if (!raw.includes('ValidationResults') || failures.length === 0) return raw;
  const list = failures
    .map(([, code, explanation]) => (explanation ? `${code} (${explanation})` : code))
    .join('; ');
  return `the signed manifest failed validation: ${list}`;
}

const FORMATS: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.m4a': 'audio/mp4',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

/** The media type c2pa-rs needs to pick its parser; undefined for extensions Kino does not sign or read. */
export function mediaFormatFor(path: string): string | undefined {
  return FORMATS[extname(path).toLowerCase()];
}

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(FORMATS);
