/** WebAssembly kernels (assembly/, as base64 modules): compiled once per thread, instantiated per user. */

/** The part of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const compiled = new Map<string, object>();

/** A fresh instance (its own memory) of the kernel module `base64`, whose exports are `T`. */
export function instantiateKernel<T>(base64: string): T {
  let module = compiled.get(base64);
  if (!module) {
    module = new wasm.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  return new wasm.Instance(module, {}).exports as T;
}
