export { openAiBackend, type OpenAiBackendOptions } from './openai-backend.ts';
export { openAiBackendFromEnv, openAiProvider } from './from-env.ts';
export {
  DEFAULT_OPENAI_SECONDS,
  OPENAI_VIDEO_MODELS,
  nearestOpenAiSize,
  openAiSeconds,
  openAiSizes,
  type OpenAiVideoModel,
} from './formats.ts';
export { openAiRequestError, openAiVideoFailure } from './map-error.ts';
