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
