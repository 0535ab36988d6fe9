export type { BackendProgress, BackendRequest, BackendResult, VideoBackend } from './types.ts';
export { proceduralBackend, type ProceduralOptions } from './procedural/procedural-backend.ts';
export { renderFrames, type FramePoolOptions } from './procedural/frame-pool.ts';
