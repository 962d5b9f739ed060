// connectNextRouter: Next's client router sends Server Actions (POST, Next-Action) and navigations
// (GET, RSC: 1) through the page's fetch; those that meet an expired session park and are sent
// once more after the re-login. The page's fetch here is the server below, as Next would find it.
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SessionExpiredError } from '../../src/core/index.ts';
import { connectNextRouter, sessionExpired } from '../../src/next/index.ts';
import { settle, startSession, stopStartedSessions } from '../support/session.ts';

const pageFetch = globalThis.fetch;
const cleanups: Array<() => void> = [];
afterEach(() => {
  vi.unstubAllGlobals();
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  stopStartedSessions();
  globalThis.fetch = pageFetch;
});

interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The app's server, installed as the page's fetch: 440 while `gone`, else 200 echoing what it read. */
function server() {
  const state = { gone: false, received: [] as Received[] };
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = request.method === 'GET' ? '' : await request.text();
    state.received.push({ method: request.method, path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers), body });
    if (state.gone) return sessionExpired();
    return new Response(`answer to ${body || request.url}`, { headers: { 'Content-Type': 'text/x-component' } });
  });
  globalThis.fetch = fetch;
  return { state, fetch };
}

/** A page with a session (no `fetch` option: session.fetch reads the page's, as in an app) and Next's router connected. */
function page() {
  const backend = server();
  const started = startSession({ user: 'ada' });
  cleanups.push(connectNextRouter(started.session));
  return { ...backend, ...started };
}

const url = (path: string) => `${location.origin}${path}`;
/** What Next's router sends for a Server Action: the arguments are the body (encodeReply). */
const action = (args: unknown[]) =>
  fetch(url('/notes'), {
    method: 'POST',
    headers: { Accept: 'text/x-component', 'Next-Action': '7f3a', 'Next-Router-State-Tree': '%5B%22%22%5D' },
    body: JSON.stringify(args),
  });
const navigation = (path: string, extra: Record<string, string> = {}) =>
  fetch(new URL(url(path)), { credentials: 'same-origin', headers: { RSC: '1', 'Next-Router-State-Tree': '%5B%22%22%5D', ...extra } });

describe('given a page whose session is connected to Next’s router', () => {
  it('parks a Server Action that meets the expired session and sends it once more after the re-login, with the same arguments and headers', async () => {
    const { state, session, status } = page();
    state.gone = true;
    let settled: Response | undefined;
    const call = action(['Quarterly report', ['work', 'q3']]).then((response) => (settled = response));
    await settle();
    expect(status()).toBe('expired');
    expect(session.getSnapshot().parked).toBe(1);
    expect(settled).toBeUndefined();
    expect(state.received).toHaveLength(1);

    state.gone = false;
    await session.resume({ user: 'ada' });
    const response = await call;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('answer to ["Quarterly report",["work","q3"]]');
    expect(state.received).toHaveLength(2);
    expect(state.received[1]).toEqual(state.received[0]);
    expect(state.received[1]).toMatchObject({ method: 'POST', path: '/notes', headers: { 'next-action': '7f3a' } });
  });

  it('parks a navigation (RSC: 1) that meets the expired session; after the re-login its answer comes back', async () => {
    const { state, session, status } = page();
    state.gone = true;
    const navigating = navigation('/notes/archive');
    await settle();
    expect(status()).toBe('expired');
    state.gone = false;
    await session.resume({ user: 'ada' });
    expect(await (await navigating).text()).toBe(`answer to ${url('/notes/archive')}`);
    expect(state.received.map((received) => `${received.method} ${received.path} rsc=${received.headers.rsc}`)).toEqual([
      'GET /notes/archive rsc=1',
      'GET /notes/archive rsc=1',
    ]);
  });

  it.each([
    ['Next-Router-Prefetch', '1'], // Next 15's prefetches, and some of Next 16's
    ['Next-Router-Segment-Prefetch', '/_tree'], // Next 16's segment cache
  ])('parks a prefetch (%s) too: Next 15 would keep its 440 as "load this page in full"; after the re-login it is answered', async (header, value) => {
    const { state, session, status } = page();
    state.gone = true;
    const prefetching = navigation('/notes/tags', { [header]: value });
    await settle();
    expect(status()).toBe('expired');
    expect(session.getSnapshot().parked).toBe(1);
    state.gone = false;
    await session.resume({ user: 'ada' });
    expect((await prefetching).status).toBe(200);
    expect(state.received.map((received) => received.headers[header.toLowerCase()])).toEqual([value, value]);
  });

  it('hands every other request to the page’s fetch as it was given, a streamed body too: the app’s own go through session.fetch if they should park', async () => {
    const { state, fetch: backend, status } = page();
    state.gone = true;
    const json = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' };
    expect((await fetch(url('/api/notes'), json)).status).toBe(440);
    expect(backend).toHaveBeenLastCalledWith(url('/api/notes'), json);
    expect((await fetch(url('/notes'), { headers: { 'Next-Action': 'a GET is no action' } })).status).toBe(440);
    const body = new ReadableStream({ start: (controller) => controller.close() });
    const init = { method: 'POST', body, duplex: 'half' } as RequestInit;
    const response = await fetch(url('/api/upload'), init);
    expect(backend).toHaveBeenLastCalledWith(url('/api/upload'), init);
    expect(response.status).toBe(440);
    expect(status()).toBe('active');
  });

  it('does not send an action made while the session is expired until the re-login', async () => {
    const { state, session } = page();
    state.gone = true;
    void navigation('/notes/archive');
    await settle();
    const saving = action(['made while expired']);
    await settle();
    expect(state.received.map((received) => received.method)).toEqual(['GET']);
    state.gone = false;
    await session.resume({ user: 'ada' });
    expect(await (await saving).text()).toBe('answer to ["made while expired"]');
    expect(state.received.map((received) => received.method)).toEqual(['GET', 'GET', 'POST']);
  });

  it('rejects a parked action with SessionExpiredError when the person signs out instead', async () => {
    const { state, session } = page();
    state.gone = true;
    const saving = action(['never sent again']);
    await settle();
    await session.signOut();
    await expect(saving).rejects.toMatchObject({ name: 'SessionExpiredError', reason: 'signedOut' });
    await expect(saving).rejects.toBeInstanceOf(SessionExpiredError);
    expect(state.received).toHaveLength(1);
  });

  it('cannot loop through session.fetch, which reads the page’s fetch: each attempt reaches the server once', async () => {
    const { state, session } = page();
    const viaSession = await session.fetch(url('/notes'), { method: 'POST', headers: { 'Next-Action': '7f3a' }, body: '[1]' });
    expect(await viaSession.text()).toBe('answer to [1]');
    expect(state.received).toHaveLength(1);
  });

  it('connected twice (a module run again), sends each request to the server once, parked once', async () => {
    const { state, session, fetch: backend } = page();
    cleanups.push(connectNextRouter(session));
    state.gone = true;
    const saving = action(['once']);
    await settle();
    expect(session.getSnapshot().parked).toBe(1);
    state.gone = false;
    await session.resume({ user: 'ada' });
    await saving;
    expect(backend).toHaveBeenCalledTimes(2);
  });

  it('puts the page’s fetch back when disconnected', () => {
    const { fetch: backend, session } = page();
    expect(globalThis.fetch).not.toBe(backend);
    cleanups.pop()!();
    expect(globalThis.fetch).toBe(backend);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('does nothing on the server (no window), where the module that makes the session also runs', () => {
    const { fetch: backend, session } = page();
    cleanups.pop()!();
    vi.stubGlobal('window', undefined);
    const disconnect = connectNextRouter(session);
    expect(globalThis.fetch).toBe(backend);
    disconnect();
    expect(globalThis.fetch).toBe(backend);
  });

  it('names the option when given something that is not a session with parking', () => {
    expect(() => connectNextRouter({} as never)).toThrow(TypeError);
    expect(() => connectNextRouter({} as never)).toThrow(/option "session" must be a session with parking/);
    expect(() => connectNextRouter(undefined as never)).toThrow(/option "session" must be .* got undefined/);
  });
});

describe('sessionExpired', () => {
  it('answers 440, not cached, with a text Next shows where nothing parks the action', async () => {
    const response = sessionExpired();
    expect(response.status).toBe(440);
    expect(response.headers.get('Content-Type')).toBe('text/plain');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await response.text()).toBe('Your session has expired.');
    expect(await sessionExpired('Signed out: sign in again.').text()).toBe('Signed out: sign in again.');
  });
});
