export { startService, storePath, type RunningService, type ServiceOptions } from './service.ts';
export { createAccount } from './accounts.ts';
export { createApiKey, hashApiKey } from './api-keys.ts';
export { openSqliteStore } from './sqlite-store.ts';
export { openConfiguredStore } from './backing-services.ts';
export {
  planLimits,
  PLAN_NAMES,
  parsePlanName,
  creditCost,
  type PlanName,
  type PlanLimits,
} from './plans.ts';
export type { Store, Account, VideoRecord, VideoStatus } from './store.ts';
export type { Blobs } from './blobs.ts';
export type { Queue, QueueJob } from './queue.ts';
