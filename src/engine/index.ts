import { loadRapier } from './physics/index.ts';

// Whoever imports the engine whole can render any plan at once; render workers import the scene alone
// and load Rapier only for plans with props (backends/procedural/render-worker.ts).
await loadRapier();

export { Scene } from './scene.ts';
export { loadRapier, planHasProps } from './physics/index.ts';
