import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { LoadingBlock } from '../components/Spinner.tsx';
import { useSession } from './session.tsx';

/** Pages for signed-in people: a spinner while the session loads, the login page (then back) otherwise. */
export function RequireAccount({ children }: { children: ReactNode }) {
  const { account } = useSession();
  const location = useLocation();
  if (account === undefined) return <LoadingBlock />;
  if (account === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
