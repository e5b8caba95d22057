/**
 * The signed-in session (GET /auth/session), shared through React context. The session lives in the
 * TanStack Query cache under ['session']: `null` means "not signed in".
 */
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Permission, SessionView } from '@ningan/domain';
import { isApiError, onSessionEnd, setCsrfToken, type SessionEndReason } from '../api/client.ts';
import { api } from '../api/endpoints.ts';

export const SESSION_KEY = ['session'] as const;

interface SessionValue {
  /** null: not signed in. */
  session: SessionView | null;
  /** True until the first GET /auth/session has answered. */
  loading: boolean;
  /** Why the last session ended: shown on the login page; after `signed_out` the next login starts afresh. */
  endReason: SessionEndReason | 'signed_out' | null;
  can: (permission: Permission) => boolean;
  /** After a successful login. */
  signIn: (session: SessionView) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Forget every cached answer except the session itself, which becomes `null`. */
function dropSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  queryClient.setQueryData(SESSION_KEY, null);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [endReason, setEndReason] = useState<SessionEndReason | 'signed_out' | null>(null);

  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionView | null> => {
      try {
        return await api.getSession();
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });

  const session = query.data ?? null;
  useEffect(() => {
    if (session) setCsrfToken(session.csrfToken);
  }, [session]);

  // Any 401 unauthenticated/session_expired from any call ends the session; the route guard then
  // sends the user to /login.
  useEffect(
    () =>
      onSessionEnd((reason) => {
        setEndReason(reason);
        dropSession(queryClient);
      }),
    [queryClient],
  );

  const signIn = useCallback(
    (next: SessionView) => {
      setCsrfToken(next.csrfToken);
      setEndReason(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, next);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // Signing out locally is what matters; the server session expires on its own.
    }
    setEndReason('signed_out');
    dropSession(queryClient);
  }, [queryClient]);

  const value = useMemo<SessionValue>(
    () => ({
      session,
      loading: query.isPending,
      endReason,
      can: (permission) => session?.permissions.includes(permission) ?? false,
      signIn,
      signOut,
    }),
    [session, query.isPending, endReason, signIn, signOut],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
