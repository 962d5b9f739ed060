// connectQueryClient with a real QueryClient of @tanstack/query-core: queries and mutations through
// session.fetch, through an expiry, a sign-out and a sign-in as someone else.
import { focusManager, MutationObserver, onlineManager, QueryClient, QueryObserver, type QueryObserverResult } from '@tanstack/query-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SessionExpiredError, type SessionOptions } from '../../src/core/index.ts';
import { connectQueryClient } from '../../src/tanstack-query/index.ts';
import { settle, startSession, stopStartedSessions } from '../support/session.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  stopStartedSessions();
  focusManager.setFocused(undefined);
  onlineManager.setOnline(true);
  vi.restoreAllMocks();
});

const api = (path: string) => `${location.origin}${path}`;

/**
 * The app's server: a list per person at GET /api/notes, POST /api/notes adds to it. While `gone`
 * (or while nobody is signed in) it answers 440. `failWith` makes the list fail with that status.
 */
function server() {
  const state = {
    gone: false,
    user: 'ada' as string | null,
    failWith: 0,
    received: [] as string[],
    notes: { ada: ['ada: lunch'], bob: ['bob: tickets'] } as Record<string, string[]>,
  };
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    state.received.push(`${request.method} ${new URL(request.url).pathname}`);
    if (state.gone || state.user === null) return new Response(null, { status: 440 });
    if (state.failWith) return new Response(null, { status: state.failWith });
    const notes = (state.notes[state.user] ??= []);
    if (request.method === 'POST') notes.push(await request.text());
    return Response.json(notes, { status: request.method === 'POST' ? 201 : 200 });
  });
  return { state, fetch, count: (what: string) => state.received.filter((line) => line === what).length };
}

/** The app: a session, a QueryClient connected to it (`connect: false`: TanStack alone), the list as a mounted query would observe it. */
function app({
  connect = true,
  client = new QueryClient({ defaultOptions: { queries: { retryDelay: 0 } } }),
  ...options
}: Omit<SessionOptions, 'clock'> & { connect?: boolean; client?: QueryClient } = {}) {
  const backend = server();
  const { session } = startSession({ fetch: backend.fetch, user: 'ada', ...options });
  client.mount();
  cleanups.push(
    () => client.clear(),
    () => client.unmount(),
  );
  if (connect) cleanups.push(connectQueryClient(session, client));
  const list = new QueryObserver(client, {
    queryKey: ['notes'],
    queryFn: async ({ signal }) => {
      const response = await session.fetch(api('/api/notes'), { signal });
      if (!response.ok) throw new Error(`The notes did not load (${response.status}).`);
      return (await response.json()) as string[];
    },
  });
  const seen: Array<Pick<QueryObserverResult<string[]>, 'status' | 'data' | 'failureCount'>> = [];
  cleanups.push(list.subscribe(({ status, data, failureCount }) => seen.push({ status, data, failureCount })));
  const save = new MutationObserver(client, {
    mutationFn: async (note: string) => {
      const response = await session.fetch(api('/api/notes'), { method: 'POST', body: note });
      if (!response.ok) throw new Error(`Not saved (${response.status}).`);
      return (await response.json()) as string[];
    },
  });
  const loaded = async () => {
    await vi.waitFor(() => expect(list.getCurrentResult().fetchStatus).toBe('idle'));
    return list.getCurrentResult();
  };
  return { backend, session, client, list, seen, save, loaded };
}

describe('connectQueryClient: a list (useQuery) through an expired session', () => {
  it('parks the query that met the expiry and shows its list after the re-login: no error state, no retry while expired', async () => {
    const { backend, session, seen, list, loaded } = app();
    await loaded();
    backend.state.gone = true;
    void list.refetch();
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // time enough for TanStack's retries, were there any
    expect(backend.count('GET /api/notes')).toBe(2);

    backend.state.gone = false;
    await session.resume({ user: 'ada' });
    expect((await loaded()).data).toEqual(['ada: lunch']);
    expect(backend.count('GET /api/notes')).toBe(3); // the first load, the one that met the expiry, its replay
    expect(seen.map(({ status }) => status)).not.toContain('error');
    expect(seen.every(({ failureCount }) => failureCount === 0)).toBe(true);
  });

  it('never retries a SessionExpiredError: signed out while the query waited, it fails once', async () => {
    const { backend, session, list, loaded } = app();
    await loaded();
    backend.state.gone = true;
    void list.refetch();
    await settle();
    await session.signOut();
    const result = await loaded();
    expect(result.error).toBeInstanceOf(SessionExpiredError);
    expect(result).toMatchObject({ status: 'error', failureCount: 1 });
    expect(backend.count('GET /api/notes')).toBe(2);
  });

  it('(TanStack alone retries it three more times, each sent while signed out)', async () => {
    const { backend, session, list, loaded } = app({ connect: false });
    await loaded();
    backend.state.gone = true;
    void list.refetch();
    await settle();
    await session.signOut();
    expect(await loaded()).toMatchObject({ status: 'error', failureCount: 4 });
    expect(backend.count('GET /api/notes')).toBe(5);
  });

  it("keeps TanStack's retries for other errors: three by default, or the app's own default", async () => {
    const byDefault = app();
    await byDefault.loaded();
    byDefault.backend.state.failWith = 500;
    await byDefault.list.refetch();
    expect(byDefault.backend.count('GET /api/notes')).toBe(1 + 4);

    const own = app({ client: new QueryClient({ defaultOptions: { queries: { retry: 1, retryDelay: 0 } } }) });
    await own.loaded();
    own.backend.state.failWith = 500;
    await own.list.refetch();
    expect(own.backend.count('GET /api/notes')).toBe(1 + 2);
  });
});

describe('connectQueryClient: a mutation (useMutation) through an expired session', () => {
  it('parks the save and sends it once after the re-login: the server processes it exactly once', async () => {
    const { backend, session, save, loaded } = app();
    await loaded();
    backend.state.gone = true;
    const states: string[] = [];
    save.subscribe(({ status }) => states.push(status));
    const saved = save.mutate('ada: dinner');
    await settle();
    expect(session.getSnapshot().parked).toBe(1);
    backend.state.gone = false;
    await session.resume({ user: 'ada' });
    await expect(saved).resolves.toEqual(['ada: lunch', 'ada: dinner']);
    expect(backend.count('POST /api/notes')).toBe(2); // the one that met the expiry (not processed), its replay
    expect(backend.state.notes.ada).toEqual(['ada: lunch', 'ada: dinner']);
    expect(states).not.toContain('error');
  });

  it('never retries a SessionExpiredError, even where the app retries its mutations', async () => {
    const { backend, session, save, loaded } = app({ client: new QueryClient({ defaultOptions: { mutations: { retry: 2, retryDelay: 0 } } }) });
    await loaded();
    backend.state.gone = true;
    const saved = save.mutate('ada: dinner');
    await settle();
    await session.signOut();
    await expect(saved).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'signedOut' });
    expect(backend.count('POST /api/notes')).toBe(1);
  });
});

describe('connectQueryClient: focus and reconnect while the session is not running', () => {
  it('sends no refetch on focus or reconnect while expired, and takes them up once after the re-login', async () => {
    const { backend, session, client, loaded } = app();
    await loaded();
    void client.invalidateQueries({ refetchType: 'none' }); // stale: a focus would refetch it
    await session.signOut();
    const before = backend.state.received.length;
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    onlineManager.setOnline(false);
    onlineManager.setOnline(true);
    await settle();
    expect(backend.state.received.length).toBe(before);

    await session.resume({ user: 'ada' });
    await settle();
    await loaded();
    expect(backend.state.received.slice(before)).toEqual(['GET /api/notes']); // one refetch for both
  });

  it('refetches on focus as TanStack does while the session runs', async () => {
    const { backend, client, loaded } = app();
    await loaded();
    void client.invalidateQueries({ refetchType: 'none' });
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    await loaded();
    expect(backend.count('GET /api/notes')).toBe(2);
  });
});

describe('connectQueryClient: a sign-in as someone else', () => {
  it("resets the previous person's list before the new person's comes: bob never sees ada's notes", async () => {
    const { backend, session, seen, list, loaded } = app();
    await loaded();
    backend.state.gone = true;
    void list.refetch();
    await settle();
    Object.assign(backend.state, { gone: false, user: 'bob' });
    const shownAtSignIn: unknown[] = [];
    session.onSignIn(() => shownAtSignIn.push(list.getCurrentResult().data)); // heard after the glue's listener
    const before = seen.length;
    await session.resume({ user: 'bob' });
    expect((await loaded()).data).toEqual(['bob: tickets']);
    expect(shownAtSignIn).toEqual([undefined]);
    expect(seen.slice(before).map(({ data }) => data)).not.toContainEqual(['ada: lunch']);
    expect(seen.map(({ status }) => status)).not.toContain('error');
  });

  it('keeps the cache when the same person signs in again', async () => {
    const { session, seen, loaded } = app();
    await loaded();
    await session.signOut();
    const before = seen.length;
    await session.resume({ user: 'ada' });
    await settle();
    expect(seen.slice(before).map(({ data }) => data)).not.toContain(undefined);
  });

  it('resets it when the session cannot tell who signed in (no user given)', async () => {
    const { session, list, loaded } = app({ user: undefined });
    await loaded();
    const shown: unknown[] = [];
    session.onSignIn(() => shown.push(list.getCurrentResult().data));
    await session.resume();
    expect(shown).toEqual([undefined]);
  });
});

describe('connectQueryClient: what the app gives it', () => {
  it('disconnects: the options are as they were', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 5 } } });
    const { session } = startSession();
    const disconnect = connectQueryClient(session, client);
    expect(typeof client.getDefaultOptions().queries?.retry).toBe('function');
    disconnect();
    expect(client.getDefaultOptions().queries).toMatchObject({ retry: 1, staleTime: 5, refetchOnWindowFocus: undefined });
    expect(client.getDefaultOptions().mutations?.retry).toBeUndefined();
  });

  it('throws a TypeError naming what is not a session or a QueryClient', () => {
    const { session } = startSession();
    expect(() => connectQueryClient({} as never, new QueryClient())).toThrow(/option "session" must be a session, got \{\}/);
    expect(() => connectQueryClient(session, undefined as never)).toThrow(TypeError);
    expect(() => connectQueryClient(session, undefined as never)).toThrow(/option "queryClient" must be a QueryClient/);
  });
});
