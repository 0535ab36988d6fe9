/**
 * The Rapier physics engine, loaded once per thread on demand. Its WASM build is deterministic: the
 * same sequence of calls gives bit-identical results on every run and platform, which is what lets
 * each render worker simulate a shot on its own and still agree with every other worker.
 *
 * Loading it (a 4 MB module, its WASM decoded and compiled) costs about 0.1 s of CPU, so it is
 * asynchronous and explicit: the engine's entry point waits for it, and a render worker waits only
 * when its plan has props to simulate (`planHasProps`). The engine itself renders synchronously.
 */
import type RapierApi from '@dimforge/rapier3d-compat';

export type Rapier = typeof RapierApi;

let loaded: Rapier | undefined;
let loading: Promise<Rapier> | undefined;

/** Loads and initialises Rapier in this thread; later calls get the same instance. */
export function loadRapier(): Promise<Rapier> {
  loading ??= import('@dimforge/rapier3d-compat').then(async ({ default: rapier }) => {
    await rapier.init();
    loaded = rapier;
    return rapier;
  });
  return loading;
}

/** Rapier, once `loadRapier()` has finished in this thread. */
export function rapier(): Rapier {
  if (!loaded)
    throw new Error('Rapier is not loaded in this thread: await loadRapier() before simulating props');
  return loaded;
}
