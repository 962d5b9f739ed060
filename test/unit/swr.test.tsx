// The SWR recipe of docs/swr.md (test/browser/swr/swr.ts and Notes.tsx, the files the browser test
// runs) in jsdom, with its session's fetch answered here: what the browser test does not reach,
// a sign-out while the list waited and a re-login as the same person.
import { act, cleanup, render, screen } from '@testing-library/react';
import { SWRConfig, unload, type SWRConfiguration } from 'swr';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { resolveRelativeRequests } from '../support/relative-requests.ts';

/** The app's server: ada's notes at GET /api/notes; 440 while `gone`. */
const server = vi.hoisted(() => {
  const state = { gone: false, received: [] as string[] };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    state.received.push(`${request.method} ${new URL(request.url).pathname}`);
    return state.gone ? new Response(null, { status: 440 }) : Response.json(['ada: lunch']);
  };
  return { state, fetch, count: (what: string) => state.received.filter((line) => line === what).length };
});

vi.mock('../browser/swr/session.ts', async () => {
  const { createSession } = await import('../../src/core/index.ts');
  return { session: createSession({ crossTab: false, idleTimeout: 60 * 60_000, activityEvents: [], user: 'ada', fetch: server.fetch }) };
});

resolveRelativeRequests(); // session.fetch('/api/notes'), as in a browser
const { swrConfig } = await import('../browser/swr/swr.ts');
const { Notes } = await import('../browser/swr/Notes.tsx');
const { session } = await import('../browser/swr/session.ts');
session.start();

afterEach(async () => {
  cleanup();
  unload({ revalidate: false });
  server.state.gone = false;
  server.state.received.length = 0;
  if (session.getSnapshot().status !== 'active') await session.resume({ user: 'ada' });
});

const quickly: SWRConfiguration = { errorRetryInterval: 10, focusThrottleInterval: 0, dedupingInterval: 0 };

/** Mounts the notes; the list meets the expired session on a focus, and parks. */
async function listParked(config: SWRConfiguration) {
  render(
    <SWRConfig value={{ ...config, ...quickly }}>
      <Notes />
    </SWRConfig>,
  );
  await screen.findByText('ada: lunch');
  server.state.gone = true;
  await act(async () => void window.dispatchEvent(new Event('focus')));
  await vi.waitFor(() => expect(session.getSnapshot()).toMatchObject({ status: 'expired', parked: 1 }));
}

describe('the SWR recipe in jsdom', () => {
  it('shows no error and sends nothing again when the person signs out while the list waited', async () => {
    await listParked(swrConfig);
    await act(() => session.signOut());
    await new Promise((resolve) => setTimeout(resolve, 100)); // ten retry intervals
    expect(screen.queryByRole('alert')).toBeNull();
    expect(server.count('GET /api/notes')).toBe(2); // the first load, the one that met the expiry
  });

  it('(SWR with session.fetch alone shows the SessionExpiredError and retries it, each time refused)', async () => {
    await listParked({ fetcher: async (url: string) => (await session.fetch(url)).json() });
    await act(() => session.signOut());
    expect((await screen.findByRole('alert')).textContent).toMatch(/signed out/i);
    await vi.waitFor(() => expect(server.count('GET /api/notes')).toBeGreaterThan(2));
  });

  it('keeps the list through a re-login as the same person: nothing emptied, the parked request answers', async () => {
    await listParked(swrConfig);
    server.state.gone = false;
    await act(() => session.resume({ user: 'ada' }));
    expect(screen.getByText('ada: lunch')).toBeTruthy();
    expect(screen.queryByText('Loading notes…')).toBeNull();
    await vi.waitFor(() => expect(server.count('GET /api/notes')).toBe(3)); // its replay, and nothing more
  });
});
