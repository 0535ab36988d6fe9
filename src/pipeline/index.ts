export { runJob, type Job, type JobProgress } from './run-job.ts';
export {
  parseSettings,
  parseSize,
  parseSeed,
  MAX_VARIATIONS,
  type GenerateSettings,
  type RawSettings,
} from './request.ts';
export {
  chunkPlan,
  chunkPolicyFromEnv,
  DEFAULT_CHUNK_POLICY,
  type ChunkPolicy,
  type ChunkSplit,
  type FrameRange,
} from './chunk-plan.ts';
export { renderSegment, joinChunks, segmentedBackend, canonicalPlan } from './render-segments.ts';
