export { resolveFfmpeg, type FfmpegPaths } from './locate.ts';
export {
  openVideoEncoder,
  ENCODE_QUALITIES,
  type EncodeQuality,
  type EncoderAudio,
  type EncodeProgress,
  type EncodeResult,
  type VideoEncoder,
  type VideoEncoderOptions,
} from './encoder.ts';
export { probeMedia, type MediaInfo, type ProbedAudio, type ProbedVideo } from './probe.ts';
export { frameHashes, decodeFrames, readFrames, extractPng, type DecodeOptions } from './frames.ts';
export { concatCopy } from './concat.ts';
export { sceneCuts } from './scene-cuts.ts';
export { pictureFaults, type PictureFaults } from './picture-faults.ts';
export { ssimBetween, consecutiveSsim } from './ssim.ts';
export { decodeNormalized, decodeAudioPcm, type NormalizedDecodeOptions } from './normalized-frames.ts';
export { transformVideo, type TransformVideoOptions } from './transform-video.ts';
export { blendFrames } from './blend-frames.ts';
export { FrameGrader, NEUTRAL_GRADE, combineGrades, scaleGrade, type PixelGrade } from './grade.ts';
export { renderFilterGraph, type FilterRenderOptions, type GraphInput } from './filter-render.ts';
export { conformClip, type ConformOptions, type ConformTarget } from './conform.ts';
export { pingPongClip, reflectedRuns, reflectedSpans, type PingPongOptions } from './ping-pong.ts';
export { crossfadeLoopClip, type CrossfadeLoopOptions } from './crossfade-loop.ts';
export { joinClips, joinGraph, type JoinOptions, type JoinSegment } from './join-clips.ts';
