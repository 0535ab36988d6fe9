/**
 * The service's public status (`GET /v1/status`): whether sign-ups are paused, whether the queue is busy,
 * the plans' limits and the prompt limit. Polled every 20 s so the banners follow the service.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { apiGet } from '../api/client.ts';
import type { ServiceStatus } from '../api/types.ts';

const POLL_MS = 20_000;
const StatusContext = createContext<ServiceStatus | undefined>(undefined);

export function ServiceStatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<ServiceStatus | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    const load = () =>
      apiGet<ServiceStatus>('/v1/status')
        .then((s) => {
          if (!stopped) setStatus(s);
        })
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return <StatusContext.Provider value={status}>{children}</StatusContext.Provider>;
}

/** undefined until the first answer (or when the server has no status route). */
export const useServiceStatus = (): ServiceStatus | undefined => useContext(StatusContext);
