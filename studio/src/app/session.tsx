/**
 * Who is signed in: `GET /v1/me` with the session cookie, once at start and after sign-up, login or
 * logout. `useSession()` gives the account (undefined while loading, null when signed out).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, apiDelete, apiGet } from '../api/client.ts';
import type { Account } from '../api/types.ts';

export interface Session {
  /** undefined while the first check runs; null when nobody is signed in. */
  readonly account: Account | null | undefined;
  /** Re-reads the account (credits change after every video). */
  readonly refresh: () => Promise<Account | null>;
  readonly setAccount: (account: Account | null) => void;
  readonly signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const me = await apiGet<Account>('/v1/me');
      setAccount(me);
      return me;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setAccount(null);
        return null;
      }
      // A network hiccup keeps what we knew; the first check falls back to signed out.
      setAccount((a) => (a === undefined ? null : a));
      return null;
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await apiDelete('/v1/sessions/current');
    } finally {
      setAccount(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ account, refresh, setAccount, signOut }), [account, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
