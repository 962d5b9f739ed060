// Apollo Client 4 in real Chromium through an expired session: the recipe of docs/graphql.md
// (graphql/expired.ts, apollo/client.ts and Notes.tsx, the same files) against a real GraphQL server
// (graphql-yoga in the loopback protocol server), which answers an ended session with 200 and
// UNAUTHENTICATED in the body. The server's counts are the truth.
import { gql, type ApolloClient } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';

import { ReloginModal, SessionExpiredError, SessionProvider } from '../../src/index.ts';
import { SessionApolloProvider } from './apollo/client.tsx';
import { Notes } from './apollo/Notes.tsx';
import { session } from './apollo/session.ts';
import { control, login, notes, operations, pause, received, relogin, signInAs, variablesOf, watchForErrors, watchListsAfterSignIn } from './notes-app.ts';

const ADD_NOTE_FOR_TEST = gql`
  mutation AddNote($text: String!) {
    addNote(text: $text)
  }
`;

/** The client the page uses now: the test calls it as the app's other code would. */
let client: ApolloClient;
function CurrentClient() {
  client = useApolloClient();
  return null;
}

function renderApp() {
  render(
    <SessionProvider session={session}>
      <SessionApolloProvider>
        <CurrentClient />
        <Notes />
      </SessionApolloProvider>
      <ReloginModal onRelogin={login} />
    </SessionProvider>,
  );
}

beforeEach(async () => {
  await control('reset'); // signed in as ada, with her one note
  await session.resume({ user: 'ada' });
});
afterEach(() => cleanup());

describe('Apollo Client in Chromium, through a session the GraphQL server says has ended', () => {
  it('parks a refetch and a mutation answered UNAUTHENTICATED, sends each once after the re-login, and shows their results; no error shown', async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await userEvent.fill(notes().getByLabelText('New note'), 'Dinner at eight');
    await control('expire');
    const before = (await received()).hits.length;

    await userEvent.click(notes().getByRole('button', { name: 'Add note' }));
    await expect.element(relogin()).toBeVisible();
    const refetched = client.refetchQueries({ include: 'active' }); // the app refreshes the list: it waits, unsent
    await pause(300); // time for any retry to reach the server
    const whileExpired = (await received()).hits.slice(before);
    expect(operations(whileExpired, 'AddNote')).toHaveLength(1);
    expect(whileExpired).toHaveLength(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'expired', reason: 'response', parked: 2 });

    await signInAs('ada');
    await expect.element(notes().getByText('Dinner at eight')).toBeVisible();
    await expect.element(notes().getByLabelText('New note')).toHaveValue('');
    await refetched;
    const { hits, accepted } = await received();
    expect(operations(hits, 'AddNote')).toHaveLength(2); // refused once, replayed once
    expect(operations(accepted, 'AddNote').map(variablesOf)).toEqual([{ text: 'Dinner at eight' }]); // carried out once
    errors.stop();
    expect(errors.seen).toEqual([]);
  });

  it("shows none of ada's notes once bob signs in instead: the cache is reset before his list renders", async () => {
    renderApp();
    const errors = watchForErrors();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    const listsAfterSignIn = watchListsAfterSignIn(session);
    await control('expire');
    void client.refetchQueries({ include: 'active' }).catch(() => {}); // meets the end and parks
    await expect.element(relogin()).toBeVisible();
    await signInAs('bob');

    expect(notes().getByText('Lunch with Grace').query()).toBeNull(); // gone as the modal closes
    await expect.element(notes().getByText('Tickets to Lyon')).toBeVisible();
    const shown = listsAfterSignIn();
    expect(shown).toEqual(['none', 'Tickets to Lyon']); // from the sign-in on, never ada's
    const { accepted } = await received();
    expect(operations(accepted, 'Notes').map((hit) => hit.user)).toEqual(['ada', 'bob']); // ada's parked refetch was never sent as bob
    errors.stop();
    expect(errors.seen.join(' | ')).toBe('');
  });

  it('rejects a waiting mutation with SessionExpiredError when the person signs out; the server never carried it out', async () => {
    renderApp();
    await expect.element(notes().getByText('Lunch with Grace')).toBeVisible();
    await control('expire');
    const adding = client.mutate({ mutation: ADD_NOTE_FOR_TEST, variables: { text: 'Dinner at eight' } }).catch((error: unknown) => error);
    await expect.element(relogin()).toBeVisible();

    await userEvent.click(relogin().getByRole('button', { name: 'Sign out' }));

    const error = await adding;
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect((error as SessionExpiredError).reason).toBe('signedOut');
    expect(operations((await received()).accepted, 'AddNote')).toEqual([]);
  });
});
