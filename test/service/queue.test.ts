/** The queue contract against both queues Kino ships: in-memory, and SQLite shared by two connections. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessQueue } from '../../src/service/in-process-queue.ts';
import { openSqliteQueue } from '../../src/service/sqlite-queue.ts';
import { describeQueueContract } from './queue-contract.ts';

describeQueueContract('in-process', async (workers) => {
  const queue = inProcessQueue({ workers });
  return { queue, peer: queue, dispose: () => queue.close() };
});

describeQueueContract('sqlite', async (workers) => {
  const dir = await mkdtemp(join(tmpdir(), 'kino-queue-'));
  const path = join(dir, 'kino.db');
  const queue = openSqliteQueue(path, { workers });
  const peer = openSqliteQueue(path, { workers });
  return {
    queue,
    peer,
    async dispose() {
      await peer.close();
      await queue.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
