/**
 * The Rapier physics engine, initialised once per thread. Its WASM build is deterministic: the same
 * sequence of calls gives bit-identical results on every run and platform, which is what lets each
 * render worker simulate a shot on its own and still agree with every other worker.
 *
 * Initialisation is asynchronous but the engine renders synchronously, so the module waits for it at
 * load time (a top-level await, about 0.15 s of CPU once per thread).
 */
import RAPIER from '@dimforge/rapier3d-compat';

await RAPIER.init();

export { RAPIER };
