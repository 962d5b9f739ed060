// openapi-fetch (0.x) in real Chromium through an expired session: the recipe of
// docs/openapi-fetch.md (openapi-fetch/api.ts, the same file) against the loopback protocol
// server, counting what it received. openapi-fetch hands fetch a Request with its body unread.
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { ReloginModal, SessionExpiredError, SessionProvider } from '../../src/index.ts';
import { control, login, received, relogin, type Hit } from './notes-app.ts';
import { api } from './openapi-fetch/api.ts';
import { session } from './openapi-fetch/session.ts';

const notesCalls = (hits: Hit[], method: string) => hits.filter((hit) => hit.method === method && hit.path === '/api/notes');

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

describe('openapi-fetch in Chromium, through an expired session', () => {
  it('parks a GET and a POST that met the expiry, replays each once (the POST with its body) after the re-login and resolves them with their data', async () => {
    renderApp();
    await control('expire');
    const before = (await received()).hits.length;

    const listed = api.GET('/notes');
    const added = api.POST('/notes', { body: { note: 'Dinner at eight' } });
    await expect.element(relogin()).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for any retry to reach the server
    const whileExpired = (await received()).hits.slice(before);
    // Both met the expiry once; the two were in flight together, so they may arrive in either order.
    expect(whileExpired.map((hit) => `${hit.method} ${hit.path}`).sort()).toEqual(['GET /api/notes', 'POST /api/notes']);
    expect(session.getSnapshot().parked).toBe(2);

    await userEvent.fill(page.getByLabelText('Username'), 'ada');
    await userEvent.fill(page.getByLabelText('Password'), 'correct horse');
    await userEvent.click(page.getByRole('button', { name: 'Sign in' }));

    // Replayed in the order they were made: the list, then the note. Each answer is openapi-fetch's
    // usual { data, response }, no error.
    const list = await listed;
    const note = await added;
    expect(list.error).toBeUndefined();
    expect(list.data).toEqual(['Lunch with Grace']);
    expect(note.error).toBeUndefined();
    expect(note.response.status).toBe(201);
    expect(note.data).toEqual(['Lunch with Grace', 'Dinner at eight']);
    await expect.element(relogin()).not.toBeInTheDocument();
    const { hits, accepted } = await received();
    expect(notesCalls(hits, 'POST').map((hit) => hit.body)).toEqual(['{"note":"Dinner at eight"}', '{"note":"Dinner at eight"}']); // refused once, replayed once with the same body
    expect(notesCalls(accepted, 'POST')).toHaveLength(1); // processed exactly once
    expect(notesCalls(accepted, 'GET')).toHaveLength(1);
  });

  it('rejects a POST parked when the person signs out instead with the SessionExpiredError itself; the server never ran it', async () => {
    renderApp();
    await control('expire');
    const added = api.POST('/notes', { body: { note: 'Dinner at eight' } }).catch((error: unknown) => error);
    await expect.element(relogin()).toBeVisible();

    await userEvent.click(page.getByRole('button', { name: 'Sign out' }));

    const error = await added;
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect((error as SessionExpiredError).reason).toBe('signedOut');
    const { hits, accepted } = await received();
    expect(notesCalls(hits, 'POST')).toHaveLength(1); // the refused attempt, never again
    expect(notesCalls(accepted, 'POST')).toEqual([]);
  });
});
