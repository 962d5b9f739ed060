// tRPC v11 (@trpc/client with httpBatchLink) in real Chromium through an expired session: the recipe
// of docs/trpc.md (trpc/client.ts and trpc/router.ts, the same files) against a real tRPC server
// (its fetch adapter, mounted in the loopback protocol server at /api/trpc), counting what it received.
import { TRPCClientError } from '@trpc/client';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { ReloginModal, SessionExpiredError, SessionProvider } from '../../src/index.ts';
import { control, login, received, relogin, type Hit } from './notes-app.ts';
import { trpc } from './trpc/client.ts';
import { session } from './trpc/session.ts';

/** The calls of one procedure among `hits` (a batch's path names each procedure it carries). */
const calls = (hits: Hit[], method: string, procedure: string) => hits.filter((hit) => hit.method === method && hit.path.startsWith(`/api/trpc/${procedure}?`));

function renderApp() {
  render(
    <SessionProvider session={session}>
      <ReloginModal onRelogin={login} />
    </SessionProvider>,
  );
}

beforeEach(async () => {
  await control('reset'); // signed in as ada, with her one note
  await session.resume({ user: 'ada' });
});
afterEach(() => cleanup());

describe('tRPC in Chromium, through an expired session', () => {
  it('parks a query and a mutation that met the expiry, replays each once after the re-login and resolves them with their answers', async () => {
    renderApp();
    await control('expire');
    const before = (await received()).hits.length;

    const listed = trpc.notes.list.query();
    const added = trpc.notes.add.mutate('Dinner at eight');
    await expect.element(relogin()).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for any retry to reach the server
    const whileExpired = (await received()).hits.slice(before);
    expect(calls(whileExpired, 'GET', 'notes.list')).toHaveLength(1); // a query batch is a GET
    expect(calls(whileExpired, 'POST', 'notes.add')).toHaveLength(1); // a mutation batch a POST
    expect(whileExpired).toHaveLength(2);
    expect(session.getSnapshot().parked).toBe(2);

    await userEvent.fill(page.getByLabelText('Username'), 'ada');
    await userEvent.fill(page.getByLabelText('Password'), 'correct horse');
    await userEvent.click(page.getByRole('button', { name: 'Sign in' }));

    // Replayed in the order they were made: the list, then the note.
    await expect(listed).resolves.toEqual(['Lunch with Grace']);
    await expect(added).resolves.toEqual(['Lunch with Grace', 'Dinner at eight']);
    await expect.element(relogin()).not.toBeInTheDocument();
    const { hits, accepted } = await received();
    expect(calls(hits, 'POST', 'notes.add')).toHaveLength(2); // refused once, replayed once
    expect(calls(accepted, 'POST', 'notes.add').map((hit) => hit.body)).toEqual(['{"0":"Dinner at eight"}']); // processed exactly once
    expect(calls(accepted, 'GET', 'notes.list')).toHaveLength(1);
  });

  it('rejects a mutation parked when the person signs out instead, as a TRPCClientError whose cause is the SessionExpiredError; the server never ran it', async () => {
    renderApp();
    await control('expire');
    const added = trpc.notes.add.mutate('Dinner at eight').catch((error: unknown) => error);
    await expect.element(relogin()).toBeVisible();

    await userEvent.click(page.getByRole('button', { name: 'Sign out' }));

    const error = await added;
    expect(error).toBeInstanceOf(TRPCClientError);
    const { cause } = error as TRPCClientError<never>;
    expect(cause).toBeInstanceOf(SessionExpiredError);
    expect((cause as SessionExpiredError).reason).toBe('signedOut');
    const { hits, accepted } = await received();
    expect(calls(hits, 'POST', 'notes.add')).toHaveLength(1); // the refused attempt, never again
    expect(calls(accepted, 'POST', 'notes.add')).toEqual([]);
  });
});
