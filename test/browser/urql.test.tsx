// urql 5 in real Chromium through an expired session: the recipe of docs/graphql.md (graphql/expired.ts,
// urql/client.tsx and Notes.tsx, the same files) against a real GraphQL server (graphql-yoga in the
// loopback protocol server), which answers an ended session with 200 and UNAUTHENTICATED in the
// body. The server's counts are the truth.
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';

import { ReloginModal, SessionProvider } from '../../src/index.ts';
import { control, login, notes, operations, pause, received, relogin, signInAs, variablesOf, watchForErrors, watchListsAfterSignIn } from './notes-app.ts';
import { SessionUrqlProvider } from './urql/client.tsx';
import { Notes } from './urql/Notes.tsx';
import { session } from './urql/session.ts';

function renderApp() {
  render(
    <SessionProvider session={session}>
      <SessionUrqlProvider>
        <Notes />
      </SessionUrqlProvider>
      <ReloginModal onRelogin={login} />
    </SessionProvider>,
  );
}

beforeEach(async () => {
  await control('reset'); // signed in as ada, with her one note
  await session.resume({ user: 'ada' });
});
afterEach(() => cleanup());

describe('urql in Chromium, through a session the GraphQL server says has ended', () => {
  it('parks a mutation answered UNAUTHENTICATED, sends it once after the re-login and shows its result; no error shown', async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await userEvent.fill(notes().getByLabelText('New note'), 'Dinner at eight');
    await control('expire');
    const before = (await received()).hits.length;

    await userEvent.click(notes().getByRole('button', { name: 'Add note' }));
    await expect.element(relogin()).toBeVisible();
    await pause(300); // time for any retry to reach the server
    const whileExpired = (await received()).hits.slice(before);
    expect(operations(whileExpired, 'AddNote')).toHaveLength(1);
    expect(whileExpired).toHaveLength(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response', parked: 1 });

    await signInAs('ada');
    await expect.element(notes().getByText('Dinner at eight')).toBeVisible();
    await expect.element(notes().getByLabelText('New note')).toHaveValue('');
    const { hits, accepted } = await received();
    expect(operations(hits, 'AddNote')).toHaveLength(2); // refused once, replayed once
    expect(operations(accepted, 'AddNote').map(variablesOf)).toEqual([{ text: 'Dinner at eight' }]); // carried out once
    errors.stop();
    expect(errors.seen).toEqual([]);
  });

  it('parks a query sent as a GET and answers it after the re-login', async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await control('expire');

    await userEvent.click(notes().getByRole('button', { name: 'Reload notes' }));
    await expect.element(relogin()).toBeVisible();
    await signInAs('ada');

    // The list stays on screen through the reload, so what shows is no sign of the replay: the server's count is.
    await expect.poll(async () => operations((await received()).accepted, 'Notes')).toHaveLength(2);
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    const { hits, accepted } = await received();
    const reloads = operations(hits, 'Notes').slice(1);
    expect(reloads.map((hit) => hit.method)).toEqual(['GET', 'GET']); // refused once, replayed once
    expect(operations(accepted, 'Notes')).toHaveLength(2); // the first load, and the replay
    errors.stop();
    expect(errors.seen).toEqual([]);
  });

  it("shows none of ada's notes once bob signs in instead: a new client before his list renders", async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    const listsAfterSignIn = watchListsAfterSignIn(session);
    await control('expire');
    await userEvent.click(notes().getByRole('button', { name: 'Reload notes' })); // meets the end and parks
    await signInAs('bob');

    await expect.element(notes().getByText('Tickets to Lyon')).toBeVisible();
    expect(listsAfterSignIn()).toEqual(['none', 'Tickets to Lyon']); // from the sign-in on, never ada's
    const { accepted } = await received();
    expect(operations(accepted, 'Notes').map((hit) => hit.user)).toEqual(['ada', 'bob']); // ada's parked reload was never sent as bob
    errors.stop();
    expect(errors.seen).toEqual([]);
  });
});
