export { runJob, type Job, type JobProgress } from './run-job.ts';
export {
  parseSettings,
  parseSize,
  parseSeed,
  MAX_VARIATIONS,
  type GenerateSettings,
  type RawSettings,
} from './request.ts';
