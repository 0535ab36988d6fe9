/** Editing tools: open any source, then storyboard, re-cut, extend, loop (edit-A) and remix, blend, animate (edit-B). */
export {
  openSource,
  isVideoSource,
  MAX_SOURCE_BYTES,
  MAX_SOURCE_DURATION_SEC,
  MAX_SOURCE_SIDE,
  VIDEO_EXTENSIONS,
  IMAGE_EXTENSIONS,
  VIDEO_CODECS,
  type EditSource,
  type VideoSource,
} from './source.ts';
export { extendVideo, type ExtendOptions } from './extend.ts';
export { recutVideo, type RecutOptions } from './recut.ts';
export { loopVideo, LOOP_LENGTHS, MAX_LOOP_SEC, type LoopLength, type LoopOptions } from './loop.ts';
export type { EditOptions, EditResult } from './edit-options.ts';
export { lengthenPlan, prependPlan, trimPlanEnd } from './plan-time.ts';
export { outputFormatFor, type OutputFormat } from './output-format.ts';
export { remixVideo, type RemixOptions, type RemixResult } from './remix.ts';
export { parseRemixInstruction, describeEdits, type RemixEdit } from './remix-instruction.ts';
export { remixPlan, REMIX_STRENGTHS, type RemixStrength } from './remix-plan.ts';
export { blendVideos, type BlendOptions, type BlendResult } from './blend.ts';
export {
  parseBlendCurve,
  curveWeight,
  BLEND_PRESETS,
  type BlendCurve,
  type CurvePoint,
} from './blend-curve.ts';
export { animateImage, animateImageSigned, planForImage, type AnimateOptions } from './animate.ts';
export {
  loadStoryboard,
  renderStoryboard,
  cardTimeline,
  carryIdentity,
  promptPlan,
  FAR_APART_SEC,
  type StoryboardOptions,
  type StoryboardResult,
  type TimelineCard,
  type CardTransition,
} from './storyboard.ts';
export {
  Storyboard,
  StoryboardCard,
  parseStoryboard,
  storyboardDuration,
  type StoryboardInput,
} from './storyboard-schema.ts';
