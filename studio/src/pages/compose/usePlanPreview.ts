/**
 * Debounced `POST /v1/plans`: the plan a create request would render, fetched a moment after the person
 * stops typing. A newer request aborts the one in flight, so answers never arrive out of order.
 */
import { useEffect, useState } from 'react';
import { apiPost } from '../../api/client.ts';
import type { PlanPreview } from '../../api/types.ts';

const DEBOUNCE_MS = 600;

export interface PreviewRequest {
  readonly prompt: string;
  readonly size: string;
  readonly seconds: string;
  readonly style?: string;
}

export interface PreviewState {
  readonly preview: PlanPreview | undefined;
  readonly loading: boolean;
  readonly error: unknown;
}

export function usePlanPreview(request: PreviewRequest | undefined): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: undefined, loading: false, error: undefined });
  const key = request ? JSON.stringify(request) : '';

  useEffect(() => {
    if (!key) {
      setState({ preview: undefined, loading: false, error: undefined });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      apiPost<PlanPreview>('/v1/plans', JSON.parse(key) as PreviewRequest, controller.signal)
        .then((preview) => setState({ preview, loading: false, error: undefined }))
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setState((s) => ({ ...s, loading: false, error }));
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);

  return state;
}
