/**
 * The scheduling rule every `Queue` shares, as a pure function over a snapshot: the priority lane first;
 * within a lane the account served longest ago that has a job and a free slot; within an account, FIFO.
 * Round-robin by "served longest ago" means one account's backlog cannot starve another account.
 */
import { LANES, type Lane } from './plans.ts';

export interface WaitingJob {
  readonly videoId: string;
  readonly accountId: string;
  readonly concurrency: number;
  readonly lane: Lane;
  /** Arrival order; lower is older. */
  readonly seq: number;
}

export interface PickState {
  /** Jobs running per account (both lanes). */
  readonly runningByAccount: ReadonlyMap<string, number>;
  /** When each account last had a job leased (any monotonic counter); absent means never. */
  readonly lastServed: ReadonlyMap<string, number>;
}

export function pickNext(waiting: readonly WaitingJob[], state: PickState): WaitingJob | undefined {
  for (const lane of LANES) {
    const heads = new Map<string, WaitingJob>();
    for (const job of waiting) {
      if (job.lane !== lane) continue;
      const head = heads.get(job.accountId);
      if (!head || job.seq < head.seq) heads.set(job.accountId, job);
    }
    let best: WaitingJob | undefined;
    let bestServed = Infinity;
    for (const [accountId, head] of heads) {
      if ((state.runningByAccount.get(accountId) ?? 0) >= head.concurrency) continue;
      const served = state.lastServed.get(accountId) ?? -Infinity;
      if (!best || served < bestServed || (served === bestServed && head.seq < best.seq)) {
        best = head;
        bestServed = served;
      }
    }
    if (best) return best;
  }
  return undefined;
}

/** How many waiting jobs would be picked before `videoId`, simulating picks with nothing finishing. */
export function jobsAhead(
  videoId: string,
  waiting: readonly WaitingJob[],
  state: PickState,
): number | undefined {
  if (!waiting.some((j) => j.videoId === videoId)) return undefined;
  const rest = [...waiting];
  // Slots are ignored here: a queue position is about order, and slots free up as jobs finish.
  const lastServed = new Map(state.lastServed);
  const free: PickState = { runningByAccount: new Map(), lastServed };
  let ahead = 0;
  let tick = Math.max(0, ...lastServed.values()) + 1;
  for (;;) {
    const next = pickNext(rest, free);
    if (!next || next.videoId === videoId) return ahead;
    rest.splice(rest.indexOf(next), 1);
    lastServed.set(next.accountId, tick++);
    ahead++;
  }
}
