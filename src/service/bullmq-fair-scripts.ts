/**
 * The Lua side of the BullMQ queue's fair scheduling (see `bullmq-queue.ts` for the design). Each script is
 * one atomic step on the queue's index keys, so many API servers and worker processes can share a Redis.
 * The keys live under `<prefix>:<name>:fair:` next to BullMQ's own `<prefix>:<name>:*` keys:
 *
 *   job:<id>          hash: a account, c concurrency, l lane, e enqueued ms, p BullMQ priority, s 'w'|'r',
 *                     n attempts, wk worker, t BullMQ lock token, x lease expiry ms, st lease start ms
 *   waiting:<lane>    zset id → enqueued ms (waiting and parked jobs)
 *   running:<lane>    zset id → lease expiry ms
 *   order             zset id → priority·1e9 + arrival (BullMQ's pick order, for queue positions)
 *   running           hash account → jobs running (both lanes)
 *   parked:<account>  zset id → priority: waiting jobs parked in BullMQ's delayed set while the account is
 *                     at its limit; parkedAccounts: set of accounts with parked jobs
 *   vt:<lane>         the lane's virtual clock; avt:<lane> hash account → its last virtual start
 *   seq, avg, max     arrival counter, moving average run ms, last maxAttempts seen
 *
 * The keys are built inside the scripts, so they run on one Redis (or a Sentinel group), not a Cluster.
 */
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';

const PRELUDE = `
local rcall = redis.call
local base = ARGV[1]
local function K(s) return base .. s end
local function jobKey(id) return base .. 'job:' .. id end
local function num(v) return tonumber(v) or 0 end
-- Takes an account's earliest parked jobs, as many as it has free slots, out of its parked set; the caller
-- promotes them in BullMQ. Only that many: promoting the whole backlog would have it parked again.
local function unpark(account)
  local pk = K('parked:' .. account)
  local first = rcall('ZRANGE', pk, 0, 0)[1]
  if not first then
    rcall('SREM', K('parkedAccounts'), account)
    return {}
  end
  local free = num(rcall('HGET', jobKey(first), 'c')) - num(rcall('HGET', K('running'), account))
  if free <= 0 then return {} end
  local ids = rcall('ZRANGE', pk, 0, free - 1)
  rcall('ZREM', pk, unpack(ids))
  if rcall('ZCARD', pk) == 0 then rcall('SREM', K('parkedAccounts'), account) end
  return ids
end
-- Frees one of an account's slots; returns the parked jobs to promote.
local function freeSlot(account)
  if rcall('HINCRBY', K('running'), account, -1) <= 0 then rcall('HDEL', K('running'), account) end
  return unpark(account)
end
local function backToWaiting(id, jk)
  local h = rcall('HMGET', jk, 'l', 'e', 'p')
  rcall('ZREM', K('running:' .. h[1]), id)
  rcall('ZADD', K('waiting:' .. h[1]), h[2], id)
  -- BullMQ puts a job moved back from active in front of others of its priority.
  rcall('ZADD', K('order'), num(h[3]) * 1e9, id)
  rcall('HSET', jk, 's', 'w')
  rcall('HDEL', jk, 'wk', 't', 'x', 'st')
end
`;

/**
 * ARGV: base, id, account, concurrency, lane, nowMs, laneBase, maxVt → the BullMQ priority to add the job
 * with; 0 when it is leased. A job already waiting keeps its priority and is added again: BullMQ ignores
 * a known job id, and this repairs an enqueue that died between this script and BullMQ's add.
 */
const ENQUEUE = `
local id, account, lane = ARGV[2], ARGV[3], ARGV[5]
local jk = jobKey(id)
if rcall('EXISTS', jk) == 1 then
  local h = rcall('HMGET', jk, 's', 'p')
  if h[1] == 'w' then return num(h[2]) end
  return 0
end
-- The virtual clock restarts whenever the lane has nothing waiting, so priorities stay small.
if rcall('ZCARD', K('waiting:' .. lane)) == 0 then
  rcall('DEL', K('vt:' .. lane), K('avt:' .. lane))
end
local vt = math.max(num(rcall('GET', K('vt:' .. lane))), num(rcall('HGET', K('avt:' .. lane), account))) + 1
rcall('HSET', K('avt:' .. lane), account, vt)
local priority = num(ARGV[7]) + math.min(vt, num(ARGV[8]))
local seq = rcall('INCR', K('seq'))
rcall('HSET', jk, 'a', account, 'c', ARGV[4], 'l', lane, 'e', ARGV[6], 'p', priority, 'v', vt, 's', 'w', 'n', 0)
rcall('ZADD', K('waiting:' .. lane), ARGV[6], id)
rcall('ZADD', K('order'), priority * 1e9 + seq % 1e9, id)
-- Until BullMQ has it too (ADDED); the reaper re-adds what stays here (RECLAIM).
rcall('ZADD', K('adding'), ARGV[6], id)
return priority
`;

/** ARGV: base, id: BullMQ has the job. */
const ADDED = `
rcall('ZREM', K('adding'), ARGV[2])
return 1
`;

/**
 * A job BullMQ just moved to active for this caller. ARGV: base, id, worker, token, nowMs, leaseMs.
 * → {'ok', attempt} | {'full'} (park it) | {'gone', parked...} (cancelled or abandoned: discard it, and
 * promote the parked jobs its freed slot lets start)
 */
const CLAIM = `
local id, worker, token, now, leaseMs = ARGV[2], ARGV[3], ARGV[4], num(ARGV[5]), num(ARGV[6])
local jk = jobKey(id)
if rcall('EXISTS', jk) == 0 then return {'gone'} end
local h = rcall('HMGET', jk, 'a', 'c', 'l', 's', 'n', 'v')
local account, lane, attempts = h[1], h[3], num(h[5])
if h[4] == 'r' then
  -- Leased, yet BullMQ handed it out again: its stalled checker found the holder's lock expired.
  local max = num(rcall('GET', K('max')))
  if max > 0 and attempts >= max then
    rcall('ZREM', K('running:' .. lane), id)
    rcall('DEL', jk)
    rcall('SADD', K('abandoned'), id)
    local out = freeSlot(account)
    table.insert(out, 1, 'gone')
    return out
  end
else
  if num(rcall('HGET', K('running'), account)) >= num(h[2]) then
    rcall('ZADD', K('parked:' .. account), rcall('HGET', jk, 'p'), id)
    rcall('SADD', K('parkedAccounts'), account)
    return {'full'}
  end
  rcall('HINCRBY', K('running'), account, 1)
  rcall('ZREM', K('parked:' .. account), id)
  rcall('ZREM', K('waiting:' .. lane), id)
  rcall('ZREM', K('order'), id)
end
attempts = attempts + 1
rcall('HSET', jk, 's', 'r', 'n', attempts, 'wk', worker, 't', token, 'x', now + leaseMs, 'st', now)
rcall('ZADD', K('running:' .. lane), now + leaseMs, id)
if num(h[6]) > num(rcall('GET', K('vt:' .. lane))) then rcall('SET', K('vt:' .. lane), h[6]) end
return {'ok', attempts}
`;

/**
 * ARGV: base, account → the parked jobs to promote. Run after parking a job in BullMQ's delayed set, in
 * case the account freed a slot meanwhile (its unpark could not promote a job that was not delayed yet).
 */
const UNPARK = `
return unpark(ARGV[2])
`;

/** ARGV: base, id: a promote failed (the job was not delayed yet): park it again, if it still waits. */
const REPARK = `
local id = ARGV[2]
local h = rcall('HMGET', jobKey(id), 'a', 'p', 's')
if h[3] ~= 'w' then return 0 end
rcall('ZADD', K('parked:' .. h[1]), h[2], id)
rcall('SADD', K('parkedAccounts'), h[1])
return 1
`;

/** ARGV: base, id, worker, nowMs, leaseMs → the BullMQ lock token, or false when not held. */
const HEARTBEAT = `
local id, worker = ARGV[2], ARGV[3]
local jk = jobKey(id)
local h = rcall('HMGET', jk, 's', 'wk', 't', 'l')
if h[1] ~= 'r' or h[2] ~= worker then return false end
local x = num(ARGV[4]) + num(ARGV[5])
rcall('HSET', jk, 'x', x)
rcall('ZADD', K('running:' .. h[4]), x, id)
return h[3]
`;

/** ARGV: base, id, worker, nowMs, alpha → {token, parked...}, or false when not held. */
const COMPLETE = `
local id, worker, now = ARGV[2], ARGV[3], num(ARGV[4])
local jk = jobKey(id)
local h = rcall('HMGET', jk, 's', 'wk', 't', 'l', 'a', 'st')
if h[1] ~= 'r' or h[2] ~= worker then return false end
local run = now - num(h[6])
local avg = tonumber(rcall('GET', K('avg')))
if avg then avg = avg + num(ARGV[5]) * (run - avg) else avg = run end
rcall('SET', K('avg'), tostring(avg))
rcall('ZREM', K('running:' .. h[4]), id)
rcall('DEL', jk)
local out = {h[3]}
for _, p in ipairs(freeSlot(h[5])) do table.insert(out, p) end
return out
`;

/** ARGV: base, worker, id... → {released count, id, token, id, token, ..., '|', parked...} */
const RELEASE = `
local worker = ARGV[2]
local released, out, parked = 0, {}, {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local jk = jobKey(id)
  local h = rcall('HMGET', jk, 's', 'wk', 't', 'a')
  if h[1] == 'r' and h[2] == worker then
    backToWaiting(id, jk)
    rcall('HINCRBY', jk, 'n', -1)
    for _, p in ipairs(freeSlot(h[4])) do table.insert(parked, p) end
    table.insert(out, id)
    table.insert(out, h[3])
    released = released + 1
  end
end
table.insert(out, 1, released)
table.insert(out, '|')
for _, p in ipairs(parked) do table.insert(out, p) end
return out
`;

/** ARGV: base, id → false when absent, else {state, token, parked...} */
const CANCEL = `
local id = ARGV[2]
local jk = jobKey(id)
local h = rcall('HMGET', jk, 's', 't', 'l', 'a')
if not h[1] then return false end
local out = {h[1], h[2] or ''}
if h[1] == 'r' then
  for _, p in ipairs(freeSlot(h[4])) do table.insert(out, p) end
end
rcall('ZREM', K('running:' .. h[3]), id)
rcall('ZREM', K('waiting:' .. h[3]), id)
rcall('ZREM', K('order'), id)
rcall('ZREM', K('parked:' .. h[4]), id)
rcall('ZREM', K('adding'), id)
rcall('DEL', jk)
return out
`;

/**
 * ARGV: base, nowMs, maxAttempts, addGraceMs → {kind, id, token, ...} with kind 'r' (requeued) or 'a'
 * (abandoned), then '|' and the parked jobs to promote (for every account with a free slot: this also
 * mends a promote lost in a race or a crash), then '|' and {id, account, concurrency, lane, priority} of
 * jobs whose enqueue never reached BullMQ.
 */
const RECLAIM = `
local now, max = num(ARGV[2]), num(ARGV[3])
rcall('SET', K('max'), max)
local out, parked, expired = {}, {}, {}
for _, lane in ipairs({'priority', 'relaxed'}) do
  for _, id in ipairs(rcall('ZRANGEBYSCORE', K('running:' .. lane), '-inf', now)) do
    table.insert(expired, {id, num(rcall('ZSCORE', K('running:' .. lane), id)), lane})
  end
end
table.sort(expired, function(x, y) return x[2] < y[2] end)
for _, e in ipairs(expired) do
  local id = e[1]
  local jk = jobKey(id)
  local h = rcall('HMGET', jk, 'n', 't', 'a')
  for _, p in ipairs(freeSlot(h[3])) do table.insert(parked, p) end
  if num(h[1]) >= max then
    rcall('ZREM', K('running:' .. e[3]), id)
    rcall('DEL', jk)
    table.insert(out, 'a')
  else
    backToWaiting(id, jk)
    table.insert(out, 'r')
  end
  table.insert(out, id)
  table.insert(out, h[2] or '')
end
-- Jobs given up while BullMQ's stalled checker handed them out (see CLAIM).
for _, id in ipairs(rcall('SMEMBERS', K('abandoned'))) do
  table.insert(out, 'a'); table.insert(out, id); table.insert(out, '')
end
rcall('DEL', K('abandoned'))
table.insert(out, '|')
for _, p in ipairs(parked) do table.insert(out, p) end
for _, account in ipairs(rcall('SMEMBERS', K('parkedAccounts'))) do
  for _, p in ipairs(unpark(account)) do table.insert(out, p) end
end
table.insert(out, '|')
for _, id in ipairs(rcall('ZRANGEBYSCORE', K('adding'), '-inf', now - num(ARGV[4]))) do
  local h = rcall('HMGET', jobKey(id), 'a', 'c', 'l', 'p', 's')
  if h[5] == 'w' then
    table.insert(out, id); table.insert(out, h[1]); table.insert(out, h[2]); table.insert(out, h[3])
    table.insert(out, h[4])
  else
    rcall('ZREM', K('adding'), id)
  end
end
return out
`;

/** ARGV: base → {waitingPriority, waitingRelaxed, runningPriority, runningRelaxed, oldestMs|'', avg|''} */
const STATS = `
local function oldest(lane)
  local r = rcall('ZRANGE', K('waiting:' .. lane), 0, 0, 'WITHSCORES')
  return r[2] and tonumber(r[2]) or nil
end
local op, orl = oldest('priority'), oldest('relaxed')
local o = op or orl
if op and orl then o = math.min(op, orl) end
return {
  rcall('ZCARD', K('waiting:priority')), rcall('ZCARD', K('waiting:relaxed')),
  rcall('ZCARD', K('running:priority')), rcall('ZCARD', K('running:relaxed')),
  o and tostring(o) or '', rcall('GET', K('avg')) or ''
}
`;

/** ARGV: base, id → false when not waiting, else {jobs ahead, avg|''} */
const POSITION = `
local rank = rcall('ZRANK', K('order'), ARGV[2])
if not rank then return false end
return {rank, rcall('GET', K('avg')) or ''}
`;

export const FAIR_SCRIPTS = {
  enqueue: ENQUEUE,
  added: ADDED,
  claim: CLAIM,
  unpark: UNPARK,
  repark: REPARK,
  heartbeat: HEARTBEAT,
  complete: COMPLETE,
  release: RELEASE,
  cancel: CANCEL,
  reclaim: RECLAIM,
  stats: STATS,
  position: POSITION,
} as const;

export type FairScript = keyof typeof FAIR_SCRIPTS;

const sources = Object.fromEntries(
  Object.entries(FAIR_SCRIPTS).map(([name, body]) => {
    const lua = PRELUDE + body;
    return [name, { lua, sha: createHash('sha1').update(lua).digest('hex') }];
  }),
) as Record<FairScript, { lua: string; sha: string }>;

/** Runs a script by its SHA, loading it when Redis does not know it (first use, or after a restart). */
export async function runFairScript(
  redis: Redis,
  name: FairScript,
  args: readonly (string | number)[],
): Promise<unknown> {
  const { lua, sha } = sources[name];
  try {
    return await redis.evalsha(sha, 0, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return await redis.eval(lua, 0, ...args);
  }
}
