export type {
  BackendCapabilities,
  BackendEditRequest,
  BackendExtendRequest,
  BackendJob,
  BackendProgress,
  BackendRequest,
  BackendResult,
  VideoBackend,
} from './types.ts';
export {
  proceduralBackend,
  PROCEDURAL_CAPABILITIES,
  type ProceduralOptions,
} from './procedural/procedural-backend.ts';
export { renderFrames, type FramePoolOptions } from './procedural/frame-pool.ts';
export { encodePlan, type EncodePlanOptions } from './procedural/encode-plan.ts';
export {
  normalizeModelVideo,
  normalizeGraph,
  type NormalizeOptions,
  type NormalizeResult,
} from './normalize.ts';
export {
  DEFAULT_MODEL,
  createBackend,
  listModels,
  modelInfo,
  type BackendProvider,
  type ModelInfo,
  type RegistryOptions,
} from './registry.ts';
export {
  comfyUiBackend,
  comfyCapabilities,
  EDIT_TEMPLATE,
  seedFor,
  templateFor,
  type ComfyUiBackendOptions,
} from './comfyui/comfyui-backend.ts';
export { ComfyClient, type ComfyFile, type HistoryEntry } from './comfyui/client.ts';
export { pickServer, parseServerUrls } from './comfyui/balancer.ts';
export {
  WORKFLOW_TEMPLATES,
  buildWorkflow,
  modelFrames,
  modelSize,
  type ApiWorkflow,
  type WorkflowTemplate,
  type WorkflowValues,
} from './comfyui/workflows.ts';
export { withFallback } from './fallback.ts';
export { extendFromLastFrame, remixFromFirstFrame, joinGraph as extendJoinGraph } from './comfyui/edits.ts';
export { openAiCapabilities } from './openai/openai-backend.ts';
