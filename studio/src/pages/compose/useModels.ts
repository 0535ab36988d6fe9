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
  /** Part of the caller's plan. */
  readonly allowed: boolean;
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
              allowed: m.kino?.allowed !== false,
            })),
        ),
      )
      .catch(() => setModels([]));
    return () => controller.abort();
  }, []);
  return models.length > 1 ? models : [];
}
