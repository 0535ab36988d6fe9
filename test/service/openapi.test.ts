/** `/openapi.json`: a valid-looking OpenAPI 3.1 document listing every route the app registers. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/service/app.ts';
import { fileBlobs } from '../../src/service/file-blobs.ts';
import { openSqliteQueue } from '../../src/service/sqlite-queue.ts';
import { openSqliteStore } from '../../src/service/sqlite-store.ts';
import { openSqliteWebhooks } from '../../src/service/webhooks.ts';

let dir: string;
let deps: Parameters<typeof createApp>[0];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kino-openapi-'));
  const path = join(dir, 'kino.db');
  deps = {
    store: openSqliteStore(path),
    queue: openSqliteQueue(path, { workers: 1 }),
    blobs: fileBlobs(join(dir, 'blobs')),
    webhooks: openSqliteWebhooks(path),
  };
});
afterAll(async () => {
  await deps.webhooks.close();
  await deps.queue.close();
  await deps.store.close();
  await rm(dir, { recursive: true, force: true });
});

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
  components: { schemas: Record<string, unknown> };
};

/** Every `$ref` in the document, to check that each one points at something. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolve(doc: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

describe('/openapi.json', () => {
  it('covers every registered route, with resolvable schemas', async () => {
    const app = createApp(deps);
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');

    const registered = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect(registered.size).toBeGreaterThan(15);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    expect([...registered].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((d) => !registered.has(d))).toEqual([]);

    for (const ref of refs(doc)) expect(resolve(doc, ref), ref).toBeDefined();
    expect(doc.paths['/v1/videos']!.post!.responses['200']).toBeTruthy();
    expect(doc.paths['/v1/accounts']!.post!.security).toEqual([]); // sign-up needs no key
    const create = JSON.stringify(doc.paths['/v1/videos']!.post);
    for (const field of ['prompt', 'seconds', 'size', 'n', 'style', 'lane'])
      expect(create).toContain(`"${field}"`);
    expect(doc.components.schemas.VideoPlan).toBeTruthy();
  });
});
