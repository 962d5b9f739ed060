// TanStack Query v5 (@tanstack/react-query) in real Chromium through an expired session: the recipe
// of docs/tanstack-query.md (tanstack-query/queries.ts and Notes.tsx, the same files) against the
// loopback protocol server, counting what the server received.
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
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
  received,
  relogin,
  requests,
  signInAs,
  watchForErrors,
  watchListsAfterSignIn,
} from './notes-app.ts';
import { Notes } from './tanstack-query/Notes.tsx';
import { queryClient } from './tanstack-query/queries.ts';
import { session } from './tanstack-query/session.ts';

function renderApp() {
  render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider session={session}>
        <Notes />
        <ReloginModal onRelogin={login} />
      </SessionProvider>
    </QueryClientProvider>,
  );
}

beforeEach(async () => {
  await control('reset'); // signed in as ada, with her one note
  queryClient.clear();
  await session.resume({ user: 'ada' });
});
afterEach(() => cleanup());

describe('TanStack Query in Chromium, through an expired session', () => {
  it('parks the mutation that met the expiry and sends it once after the re-login; no retry, no refetch while expired, no error shown', async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await control('expire');
    const before = (await received()).hits.length;

    await userEvent.fill(notes().getByLabelText('New note'), 'Dinner at eight');
    await userEvent.click(notes().getByRole('button', { name: 'Add note' }));
    await expect.element(relogin()).toBeVisible();
    focusAndReconnect(); // stale, the list would refetch: not while the session is expired
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for any retry or refetch to reach the server
    const whileExpired = (await received()).hits.slice(before);
    expect(whileExpired.map((hit) => `${hit.method} ${hit.path}`)).toEqual(['POST /api/notes']);
    expect(session.getSnapshot().parked).toBe(1); // the focus refetch did not even park

    await signInAs('ada');
    await expect.element(notes().getByText('Dinner at eight')).toBeVisible();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    const { hits, accepted } = await received();
    expect(count(hits, 'POST', '/api/notes')).toBe(2); // refused once, replayed once
    expect(count(accepted, 'POST', '/api/notes')).toBe(1); // processed exactly once
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
    await queryClient.invalidateQueries({ refetchType: 'none' }); // stale: the next focus refetches it
    focusAndReconnect(); // before the page knows: the refetch meets the 440 and parks

    await signInAs('bob');
    // As the modal closes, ada's list goes: TanStack alone would show it to bob until its retry of
    // the refused refetch brings his (a second later). The cache is reset before the session runs
    // again, but TanStack tells React in its next task (its notifyManager batches on a timeout),
    // so the list may outlive the modal by that task: a few milliseconds, not a second.
    await expect.poll(() => notes().getByText('Lunch with Grace').query(), { timeout: 200, interval: 5 }).toBeNull();
    await expect.element(notes().getByText('Tickets to Lyon')).toBeVisible();
    // From the sign-in on: ada's list (until React renders), emptied ("Loading notes…"), then bob's.
    expectAdaGoneBeforeBob(listsAfterSignIn());
    await expectListsOnlyOfTheirOwner(atExpiry); // a reconnect missed while expired may bring bob one more
    errors.stop();
    expect(errors.seen).toEqual([]);
  });
});
