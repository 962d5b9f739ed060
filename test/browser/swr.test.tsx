// SWR 2 in real Chromium through an expired session: the recipe of docs/swr.md (swr/swr.ts and
// Notes.tsx, the same files) against the loopback protocol server, counting what the server received.
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SWRConfig, unload, type SWRConfiguration } from 'swr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';

import { ReloginModal, SessionProvider } from '../../src/index.ts';
import {
  control,
  count,
  expectAdaGoneBeforeBob,
  expectListsOnlyOfTheirOwner,
  focusAndReconnect,
  login,
  notes,
  pause,
  received,
  relogin,
  requests,
  signInAs,
  watchForErrors,
  watchListsAfterSignIn,
} from './notes-app.ts';
import { Notes } from './swr/Notes.tsx';
import { session } from './swr/session.ts';
import { swrConfig } from './swr/swr.ts';

// SWR ignores a focus within 5 s of the last one, and answers a revalidation within 2 s of the last
// request with that request (focusThrottleInterval, dedupingInterval): the test's focus must count.
const recipe: SWRConfiguration = { ...swrConfig, focusThrottleInterval: 0, dedupingInterval: 0 };

function renderApp(config: SWRConfiguration = recipe, children: ReactNode = <Notes />) {
  render(
    <SWRConfig value={config}>
      <SessionProvider session={session}>
        {children}
        <ReloginModal onRelogin={login} />
      </SessionProvider>
    </SWRConfig>,
  );
}

beforeEach(async () => {
  await control('reset'); // signed in as ada, with her one note
  unload({ revalidate: false });
  await session.resume({ user: 'ada' });
});
afterEach(() => cleanup());

describe('SWR in Chromium, through an expired session', () => {
  it('parks the save that met the expiry and sends it once after the re-login; no retry, no revalidation on focus or reconnect while expired, no error shown', async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await userEvent.fill(notes().getByLabelText('New note'), 'Dinner at eight'); // the page's focus: SWR revalidates (session running)
    await pause(100);
    await control('expire');
    const before = (await received()).hits.length;

    await userEvent.click(notes().getByRole('button', { name: 'Add note' }));
    await expect.element(relogin()).toBeVisible();
    focusAndReconnect(); // SWR would revalidate the list: not while the session is expired
    await pause(300); // time for any retry or revalidation to reach the server
    const whileExpired = (await received()).hits.slice(before);
    expect(whileExpired.map((hit) => `${hit.method} ${hit.path}`)).toEqual(['POST /api/notes']);
    expect(session.getSnapshot().parked).toBe(1); // the focus revalidation did not even park

    await signInAs('ada');
    await expect.element(notes().getByText('Dinner at eight')).toBeVisible();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    const { hits, accepted } = await received();
    expect(count(hits, 'POST', '/api/notes')).toBe(2); // refused once, replayed once
    expect(requests(accepted, 'POST', '/api/notes').map((hit) => hit.body)).toEqual(['Dinner at eight']);
    expect(notes().getByLabelText('New note')).toHaveValue('');
    errors.stop();
    expect(errors.seen).toEqual([]);
  });

  it("shows none of ada's notes once bob signs in instead: the cache is cleared before his list renders", async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    const listsAfterSignIn = watchListsAfterSignIn(session);
    await control('expire');
    const atExpiry = (await received()).accepted.length;
    document.dispatchEvent(new Event('visibilitychange')); // before the page knows: the revalidation meets the 440 and parks
    await signInAs('bob');

    expect(notes().getByText('Lunch with Grace').query()).toBeNull(); // gone as the modal closes
    await expect.element(notes().getByText('Tickets to Lyon')).toBeVisible();
    expectAdaGoneBeforeBob(listsAfterSignIn());
    // After the expiry: bob's list once; ada's parked revalidation met the 440 once and was never sent again.
    expect(await expectListsOnlyOfTheirOwner(atExpiry)).toEqual(['bob']);
    const { hits, accepted } = await received();
    expect(count(hits, 'GET', '/api/notes') - count(accepted, 'GET', '/api/notes')).toBe(1);
    errors.stop();
    expect(errors.seen).toEqual([]);
  });

  it("(SWR with session.fetch alone shows bob the error of ada's refused request)", async () => {
    const alone: SWRConfiguration = {
      provider: () => new Map(), // a cache of its own: the recipe's clearing does not reach it
      fetcher: async (url: string) => (await session.fetch(url)).json(),
      focusThrottleInterval: 0,
      dedupingInterval: 0,
    };
    renderApp(alone);
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await control('expire');
    document.dispatchEvent(new Event('visibilitychange'));
    await signInAs('bob');

    await expect.element(notes().getByRole('alert')).toBeVisible(); // SWR shows the error beside its cached data
    expect(errors.seen[0]).toMatch(/different user/);
    expect(notes().getByText('Lunch with Grace').query()).toBeNull(); // Notes shows the error in place of the list
    errors.stop();
  });
});
