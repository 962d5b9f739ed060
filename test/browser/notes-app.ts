// What the browser tests of the data-fetching recipes share (test/browser/tanstack-query, swr,
// rtk-query, trpc, openapi-fetch): the loopback server's counts, the re-login, and watchers of
// what the notes showed. Each recipe's session is its own module, passed in.
import { expect, inject } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import type { KernelSession } from '../../src/core/index.ts';

const apiUrl = inject('apiUrl');
export const control = async (action: string) => (await fetch(`${apiUrl}/__control/${action}`, { method: 'POST' })).json();
/** A request the server received; `user`: whose session carried it out (accepted ones). */
export type Hit = { method: string; path: string; body: string; user?: string };
export const received = async (): Promise<{ hits: Hit[]; accepted: Hit[] }> => control('received');
/** The requests among `hits` made with `method` to `path`. */
export const requests = (hits: Hit[], method: string, path: string) => hits.filter((hit) => hit.method === method && hit.path === path);
export const count = (hits: Hit[], method: string, path: string) => requests(hits, method, path).length;
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The GraphQL operations among `hits` by name (`Notes`, `AddNote`), sent as a POST body or in a GET's URL. */
export function operations(hits: Hit[], name: string) {
  const nameOf = (hit: Hit) => {
    const url = new URL(hit.path, 'http://api');
    const query = hit.method === 'GET' ? url.searchParams.get('query') : (JSON.parse(hit.body) as { query?: string }).query;
    return /^\s*(?:query|mutation)\s+(\w+)/.exec(query ?? '')?.[1];
  };
  return hits.filter((hit) => hit.path.startsWith('/api/graphql') && nameOf(hit) === name);
}
/** The variables a GraphQL operation was sent with. */
export const variablesOf = (hit: Hit): unknown =>
  hit.method === 'GET'
    ? JSON.parse(new URL(hit.path, 'http://api').searchParams.get('variables') ?? '{}')
    : (JSON.parse(hit.body) as { variables?: unknown }).variables;

/** The re-login modal's sign-in: the server's session for `username` (POST /login's body). */
export async function login({ username }: { username: string }) {
  const response = await fetch('/__same-origin/login', { method: 'POST', body: username });
  if (!response.ok) throw new Error('Sign-in failed.');
  return { user: username };
}

/** Every error the notes ever rendered (a role="alert" inside them), however briefly. */
export function watchForErrors() {
  const seen: string[] = [];
  const look = () => {
    for (const alert of document.querySelectorAll('[aria-label="Notes"] [role="alert"]')) seen.push(alert.textContent ?? '');
  };
  const observer = new MutationObserver(look);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  return { seen, stop: () => observer.disconnect() };
}

/** What the notes showed after the next sign-in, in order: each list as its items' text joined, or 'none' while none. */
export function watchListsAfterSignIn(session: Pick<KernelSession, 'onSignIn'>) {
  const shown: Array<string[] | null | 'signed in'> = [];
  const look = () => {
    const list = document.querySelector('[aria-label="Notes"] ul');
    const items = list ? [...list.querySelectorAll('li')].map((item) => item.textContent ?? '') : null;
    if (JSON.stringify(items) !== JSON.stringify(shown.at(-1))) shown.push(items);
  };
  look();
  const observer = new MutationObserver(look);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  const stopHearing = session.onSignIn(() => void shown.push('signed in'));
  return () => {
    observer.disconnect();
    stopHearing();
    return shown.slice(shown.indexOf('signed in') + 1).map((list) => (list === null ? 'none' : typeof list === 'string' ? list : list.join(', ')));
  };
}

/**
 * What the notes showed after bob's sign-in (`watchListsAfterSignIn`): ada's list, if it was still
 * there under the re-login, went before bob's came, with nothing in between; then only bob's.
 */
export function expectAdaGoneBeforeBob(shown: string[]) {
  const lastOfAda = shown.lastIndexOf('Lunch with Grace');
  const firstOfBob = shown.indexOf('Tickets to Lyon');
  expect(firstOfBob).toBeGreaterThan(lastOfAda);
  expect(shown.slice(lastOfAda + 1, firstOfBob)).toContain('none');
  expect(shown.slice(firstOfBob)).toEqual(['Tickets to Lyon']);
}

/**
 * Whose note lists the server carried out on either side of the expiry (`atExpiry`: how many
 * requests it had accepted when the test expired the session). Before it: ada's first list, and
 * more of hers when a refetch of the page arrived in time under load (a previous test's focus or
 * reconnect). After it: only bob's, however many the page's events brought, since an answer as
 * ada can only come while her session lives and her parked refetch is never sent as bob.
 */
export async function expectListsOnlyOfTheirOwner(atExpiry: number) {
  const { accepted } = await received();
  const listedFor = (carried: Hit[]) => requests(carried, 'GET', '/api/notes').map((hit) => hit.user);
  const before = listedFor(accepted.slice(0, atExpiry));
  const after = listedFor(accepted.slice(atExpiry));
  expect(before).toContain('ada');
  expect(before.filter((user) => user !== 'ada')).toEqual([]);
  expect(after).toContain('bob');
  expect(after.filter((user) => user !== 'bob')).toEqual([]);
  return after;
}

export const notes = () => page.getByRole('region', { name: 'Notes' });
export const relogin = () => page.getByRole('dialog', { name: 'Your session has expired' });

export async function signInAs(username: string) {
  await expect.element(relogin()).toBeVisible();
  await userEvent.fill(page.getByLabelText('Username'), username);
  await userEvent.fill(page.getByLabelText('Password'), 'correct horse');
  await userEvent.click(page.getByRole('button', { name: 'Sign in' }));
  await expect.element(relogin()).not.toBeInTheDocument();
}

/** The person leaves the page and comes back: the focus the clients revalidate on, and a reconnect. */
export function focusAndReconnect() {
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  window.dispatchEvent(new Event('focus'));
  window.dispatchEvent(new Event('offline'));
  window.dispatchEvent(new Event('online'));
}
