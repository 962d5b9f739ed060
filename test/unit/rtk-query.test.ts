// The RTK Query recipe of docs/rtk-query.md (test/browser/rtk-query/api.ts, the file the browser
// test runs) in jsdom, with its session's fetch answered here: a store without React, through an
// expiry, a sign-in as the same person, and the window's focus and reconnect.
import { afterEach, describe, expect, it, vi } from 'vitest';

import { resolveRelativeRequests } from '../support/relative-requests.ts';
import { settle } from '../support/session.ts';

/** The app's server: ada's notes at GET /api/notes, POST adds one; 440 while `gone`. */
const server = vi.hoisted(() => {
  const state = { gone: false, received: [] as string[], notes: ['ada: lunch'] };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    state.received.push(`${request.method} ${new URL(request.url).pathname}`);
    if (state.gone) return new Response(null, { status: 440 });
    if (request.method === 'POST') state.notes.push(await request.text());
    return Response.json(state.notes, { status: request.method === 'POST' ? 201 : 200 });
  };
  return { state, fetch, count: (what: string) => state.received.filter((line) => line === what).length };
});

vi.mock('../browser/rtk-query/session.ts', async () => {
  const { createSession } = await import('../../src/core/index.ts');
  return { session: createSession({ crossTab: false, idleTimeout: 60 * 60_000, activityEvents: [], user: 'ada', fetch: server.fetch }) };
});

resolveRelativeRequests(); // fetchBaseQuery's new Request('/api/notes'), as in a browser
const { notesApi, store } = await import('../browser/rtk-query/api.ts');
const { session } = await import('../browser/rtk-query/session.ts');
session.start();

const subscriptions: Array<{ unsubscribe(): void }> = [];
afterEach(async () => {
  for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
  store.dispatch(notesApi.util.resetApiState());
  server.state.gone = false;
  server.state.received.length = 0;
  server.state.notes = ['ada: lunch'];
  if (session.getSnapshot().status !== 'active') await session.resume({ user: 'ada' });
});

/** A mounted list, as useNotesQuery subscribes to it. */
async function mountList() {
  const list = store.dispatch(notesApi.endpoints.notes.initiate());
  subscriptions.push(list);
  await list;
  return () => notesApi.endpoints.notes.select()(store.getState());
}

describe('the RTK Query recipe in jsdom', () => {
  it('replays the POST fetchBaseQuery built (a Request, body included) once after the re-login', async () => {
    const list = await mountList();
    server.state.gone = true;
    const saving = store.dispatch(notesApi.endpoints.addNote.initiate('ada: dinner'));
    await vi.waitFor(() => expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 1 }));
    server.state.gone = false;
    await session.resume({ user: 'ada' });
    expect(await saving.unwrap()).toEqual(['ada: lunch', 'ada: dinner']);
    expect(server.state.notes).toEqual(['ada: lunch', 'ada: dinner']); // processed once
    expect(server.count('POST /api/notes')).toBe(2); // refused once, replayed once
    await vi.waitFor(() => expect(list().data).toEqual(['ada: lunch', 'ada: dinner'])); // the answer became the cached list
  });

  it('sends nothing on a focus or a reconnect while expired; the first focus after the re-login refetches', async () => {
    await mountList();
    server.state.gone = true;
    void store.dispatch(notesApi.endpoints.notes.initiate(undefined, { forceRefetch: true, subscribe: false }));
    await vi.waitFor(() => expect(session.getSnapshot().status).toBe('expired'));
    const before = server.state.received.length;
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(server.state.received.length).toBe(before);
    expect(session.getSnapshot().parked).toBe(1); // only the refetch that met the expiry

    server.state.gone = false;
    await session.resume({ user: 'ada' });
    await settle();
    const afterReplay = server.count('GET /api/notes');
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(server.count('GET /api/notes')).toBe(afterReplay + 1));
  });

  it('keeps the cache through a re-login as the same person', async () => {
    const list = await mountList();
    server.state.gone = true;
    void store.dispatch(notesApi.endpoints.notes.initiate(undefined, { forceRefetch: true, subscribe: false }));
    await vi.waitFor(() => expect(session.getSnapshot().status).toBe('expired'));
    expect(list().data).toEqual(['ada: lunch']);
    server.state.gone = false;
    await session.resume({ user: 'ada' });
    expect(list().data).toEqual(['ada: lunch']); // never emptied: the same person
    await vi.waitFor(() => expect(list().status).toBe('fulfilled')); // the parked refetch replayed
    expect(list().data).toEqual(['ada: lunch']);
    expect(server.count('GET /api/notes')).toBe(3); // the first, the refused refetch, its replay
  });
});
