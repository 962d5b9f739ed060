// RTK Query (@reduxjs/toolkit 2, react-redux 9) in real Chromium through an expired session: the
// recipe of docs/rtk-query.md (rtk-query/api.ts and Notes.tsx, the same files) against the loopback
// protocol server, counting what the server received.
import { configureStore } from '@reduxjs/toolkit';
import { createApi, fetchBaseQuery, setupListeners } from '@reduxjs/toolkit/query/react';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
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
import { notesApi, store } from './rtk-query/api.ts';
import { Notes } from './rtk-query/Notes.tsx';
import { session } from './rtk-query/session.ts';

function renderApp(app: { store: typeof store } = { store }, children: ReactNode = <Notes />) {
  render(
    <Provider store={app.store}>
      <SessionProvider session={session}>
        {children}
        <ReloginModal onRelogin={login} />
      </SessionProvider>
    </Provider>,
  );
}

beforeEach(async () => {
  await control('reset'); // signed in as ada, with her one note
  store.dispatch(notesApi.util.resetApiState());
  await session.resume({ user: 'ada' });
});
afterEach(() => cleanup());

describe('RTK Query in Chromium, through an expired session', () => {
  it('parks the save that met the expiry and sends it once after the re-login; no retry, no refetch on focus or reconnect while expired, no error shown', async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await userEvent.fill(notes().getByLabelText('New note'), 'Dinner at eight'); // the page's focus: a refetch (session running)
    await pause(100);
    await control('expire');
    const before = (await received()).hits.length;

    await userEvent.click(notes().getByRole('button', { name: 'Add note' }));
    await expect.element(relogin()).toBeVisible();
    focusAndReconnect(); // refetchOnFocus, refetchOnReconnect: not while the session is expired
    await pause(300); // time for any retry or refetch to reach the server
    const whileExpired = (await received()).hits.slice(before);
    expect(whileExpired.map((hit) => `${hit.method} ${hit.path}`)).toEqual(['POST /api/notes']);
    expect(session.getSnapshot().parked).toBe(1); // the focus refetch did not even park

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

  it("shows none of ada's notes once bob signs in instead: the cache is reset before his list renders", async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    const listsAfterSignIn = watchListsAfterSignIn(session);
    await control('expire');
    const atExpiry = (await received()).accepted.length;
    window.dispatchEvent(new Event('focus')); // before the page knows: the refetch meets the 440 and parks
    await signInAs('bob');

    expect(notes().getByText('Lunch with Grace').query()).toBeNull(); // gone as the modal closes
    await expect.element(notes().getByText('Tickets to Lyon')).toBeVisible();
    expectAdaGoneBeforeBob(listsAfterSignIn());
    // After the expiry: bob's list once; ada's parked refetch met the 440 once and was never sent again.
    expect(await expectListsOnlyOfTheirOwner(atExpiry)).toEqual(['bob']);
    const { hits, accepted } = await received();
    expect(count(hits, 'GET', '/api/notes') - count(accepted, 'GET', '/api/notes')).toBe(1);
    errors.stop();
    expect(errors.seen).toEqual([]);
  });

  it("(RTK Query with session.fetch alone shows bob the error of ada's refused refetch, over her notes)", async () => {
    const aloneApi = createApi({
      reducerPath: 'alone',
      baseQuery: fetchBaseQuery({ baseUrl: '/api', fetchFn: (request) => session.fetch(request) }),
      refetchOnFocus: true,
      endpoints: (build) => ({ notes: build.query<string[], void>({ query: () => 'notes' }) }),
    });
    const aloneStore = configureStore({
      reducer: { [aloneApi.reducerPath]: aloneApi.reducer },
      middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(aloneApi.middleware),
    });
    const stopListening = setupListeners(aloneStore.dispatch);
    function AloneNotes() {
      const list = aloneApi.useNotesQuery();
      return (
        <section aria-label="Notes">
          {list.isError && <p role="alert">The notes did not load.</p>}
          <ul>
            {list.data?.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </section>
      );
    }
    renderApp({ store: aloneStore as unknown as typeof store }, <AloneNotes />);
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await control('expire');
    window.dispatchEvent(new Event('focus'));
    await signInAs('bob');

    await expect.element(notes().getByRole('alert')).toBeVisible();
    expect(notes().getByText('Lunch with Grace').query()).not.toBeNull(); // ada's notes, shown to bob
    stopListening();
  });
});
