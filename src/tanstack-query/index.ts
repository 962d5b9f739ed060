/**
 * TanStack Query v5 with a session: queries and mutations whose functions call `session.fetch`
 * already park on an expired session and come back with their answer after the re-login. This
 * fits the client around that, through its default options only (no import of TanStack's code,
 * no change to its global focus and online managers, which every client of the page shares):
 *
 *   const disconnect = connectQueryClient(session, queryClient);
 *
 * - `retry` (queries and mutations) never retries a `SessionExpiredError` (signed out, replay
 *   timeout, someone else signed in), and otherwise keeps what was there (TanStack's own default:
 *   3 failures for queries, none for mutations);
 * - `refetchOnWindowFocus` and `refetchOnReconnect` wait while the session is not running
 *   (expired or signed out): a focus or a reconnect then is taken up once it runs again;
 * - after a sign-in as someone else (or as someone the session cannot tell), the query cache is
 *   reset and the mutation cache cleared before the new person's data comes (`session.onSignIn`).
 * A query or mutation that sets one of these options itself replaces the default.
 */
import type { DefaultOptions, Query, QueryClient } from '@tanstack/query-core';

import { optionError, SessionExpiredError } from '../core/errors.ts';
import type { KernelSession } from '../core/index.ts';
import { isRunning } from '../core/machine.ts';

type QueryDefaults = NonNullable<DefaultOptions['queries']>;
type Retry = QueryDefaults['retry'];
type RefetchOn = QueryDefaults['refetchOnWindowFocus'];

/** What the glue reads of a session: every session has it, composed or not. */
export type QuerySession = Pick<KernelSession, 'getSnapshot' | 'subscribe' | 'onSignIn'>;

/** `retry` as TanStack reads it (its retryer), with a `SessionExpiredError` never retried. */
function exceptSessionExpired(retry: Retry, byDefault: number): Retry {
  return (failureCount, error) => {
    if (error instanceof SessionExpiredError) return false;
    const value = retry ?? byDefault;
    return value === true || (typeof value === 'number' && failureCount < value) || (typeof value === 'function' && value(failureCount, error));
  };
}

/** A refetch option that says no while the session is not running, and notes that it did. */
function whileRunning(option: RefetchOn, byDefault: (query: Query) => boolean, running: () => boolean, skipped: () => void): RefetchOn {
  return (query) => {
    if (!running()) {
      skipped();
      return false;
    }
    const value = option ?? byDefault(query);
    return typeof value === 'function' ? value(query) : value;
  };
}

/**
 * Connects `queryClient` to `session` (see above). Call it once, where both are made, before the
 * first query. Returns the function that disconnects them and puts the options back.
 */
export function connectQueryClient(session: QuerySession, queryClient: QueryClient): () => void {
  if (typeof session?.onSignIn !== 'function') throw optionError('session', process.env.NODE_ENV !== 'production' && 'a session', session);
  if (typeof queryClient?.setDefaultOptions !== 'function')
    throw optionError('queryClient', process.env.NODE_ENV !== 'production' && 'a QueryClient of @tanstack/query-core v5', queryClient);
  const running = () => isRunning(session.getSnapshot());
  const missed = { focus: false, online: false };
  const before = queryClient.getDefaultOptions();
  const { queries, mutations } = before;
  queryClient.setDefaultOptions({
    ...before,
    queries: {
      ...queries,
      retry: exceptSessionExpired(queries?.retry, typeof window === 'undefined' ? 0 : 3), // TanStack retries no query on a server
      refetchOnWindowFocus: whileRunning(
        queries?.refetchOnWindowFocus,
        () => true,
        running,
        () => (missed.focus = true),
      ),
      // TanStack's own default: refetch on reconnect unless the query runs offline too.
      refetchOnReconnect: whileRunning(
        queries?.refetchOnReconnect,
        (query) => query.options.networkMode !== 'always',
        running,
        () => (missed.online = true),
      ),
    },
    mutations: { ...mutations, retry: exceptSessionExpired(mutations?.retry, 0) },
  });

  const stopHearing = session.subscribe(() => {
    if (!running() || !(missed.focus || missed.online)) return;
    const { focus, online } = missed;
    missed.focus = missed.online = false;
    // After this turn the replay of the parked requests has begun: the refetches go in line behind it.
    queueMicrotask(() => {
      if (focus) queryClient.getQueryCache().onFocus();
      if (online) queryClient.getQueryCache().onOnline();
    });
  });

  const stopSignIns = session.onSignIn(({ userChanged }) => {
    if (userChanged === false) return;
    // Before the session runs again: a refetch made now waits for the sign-in, as the new person.
    queryClient.getMutationCache().clear();
    void queryClient.resetQueries();
  });

  return () => {
    stopHearing();
    stopSignIns();
    const now = queryClient.getDefaultOptions();
    queryClient.setDefaultOptions({
      ...now,
      queries: { ...now.queries, retry: queries?.retry, refetchOnWindowFocus: queries?.refetchOnWindowFocus, refetchOnReconnect: queries?.refetchOnReconnect },
      mutations: { ...now.mutations, retry: mutations?.retry },
    });
  };
}
