/**
 * `GET /v1/models`: the models the caller may pick (aliases such as `sora-2` left out: they are other
 * names for a listed model). With only one model on offer, or a server without the route, Compose shows
 * no picker and the server's default renders.
 */
import { useEffect, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import type { List, ModelInfo } from '../../api/types.ts';

export const DEFAULT_MODEL = 'kino-procedural';

export interface PickableModel {
  readonly id: string;
  readonly description: string;
  /** Configured on this server now. */
  readonly available: boolean;
  /** What the operator must set, when not available (the server's words). */
  readonly reason: string;
  /** Part of the caller's plan. */
  readonly allowed: boolean;
  /** The longest video it makes for this caller, when the server says. */
  readonly maxSeconds: number | undefined;
}

export function useModels(): PickableModel[] {
  const [models, setModels] = useState<PickableModel[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    apiGet<List<ModelInfo>>('/v1/models', controller.signal)
      .then((list) =>
        setModels(
          list.data
            .filter((m) => !m.kino?.alias_of)
            .map((m) => ({
              id: m.id,
              description: m.kino?.description ?? '',
              available: m.kino?.available !== false,
              reason: m.kino?.unavailable_reason ?? '',
              allowed: m.kino?.allowed !== false,
              maxSeconds: m.kino?.max_seconds,
            })),
        ),
      )
      .catch(() => setModels([]));
    return () => controller.abort();
  }, []);
  return models.length > 1 ? models : [];
}

/** The models the plan allows but this server has not set up, grouped by what the operator must set. */
export function unavailableByReason(
  models: readonly PickableModel[],
): { reason: string; models: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const m of models) {
    if (m.available || !m.allowed) continue;
    groups.set(m.reason, [...(groups.get(m.reason) ?? []), m.id]);
  }
  return [...groups].map(([reason, ids]) => ({ reason, models: ids }));
}
