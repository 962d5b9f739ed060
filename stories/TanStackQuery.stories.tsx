import { useEffect, useState, useSyncExternalStore } from 'react';
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent, waitFor, within } from 'storybook/test';

import { ReloginModal, SessionProvider, createSession, useSession, type Credentials, type Session } from '../src/index.ts';
import { connectQueryClient } from '../src/tanstack-query/index.ts';
import { createTestClock } from '../src/testing/index.ts';
import './demo-page.css';

/** A pretend server in the page: each person's notes, a session the story ends, and a log of what reached it. */
function createPretendServer() {
  const notes = new Map([
    ['ada', ['Lunch with Grace']],
    ['bob', ['Tickets to Lyon']],
  ]);
  const state = { gone: false, user: 'ada', log: [] as readonly string[] };
  const listeners = new Set<() => void>();
  const answer = (request: Request, status: number, body?: unknown) => {
    state.log = [...state.log, `${request.method} ${new URL(request.url).pathname}: ${status}`];
    for (const listener of [...listeners]) listener();
    return body === undefined ? new Response(null, { status }) : Response.json(body, { status });
  };
  return {
    state,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    endSession() {
      state.gone = true;
    },
    signIn(user: string) {
      state.gone = false;
      state.user = user;
    },
    /** The session's `fetch` option: what the network would do. */
    async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const request = new Request(input, init);
      await new Promise((resolve) => setTimeout(resolve, 50)); // a little latency, to see "Loading notes…"
      if (state.gone) return answer(request, 440);
      const list = notes.get(state.user) ?? [];
      if (request.method === 'POST') list.push(await request.text());
      notes.set(state.user, list);
      return answer(request, request.method === 'POST' ? 201 : 200, [...list]);
    },
  };
}
type PretendServer = ReturnType<typeof createPretendServer>;

/** The list and the form, as docs/tanstack-query.md writes them: session.fetch in queryFn and mutationFn. */
function Notes({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const notes = useQuery({
    queryKey: ['notes'],
    queryFn: async ({ signal }) => (await (await session.fetch('/api/notes', { signal })).json()) as string[],
  });
  const add = useMutation({
    mutationFn: async (note: string) => (await (await session.fetch('/api/notes', { method: 'POST', body: note })).json()) as string[],
    onSuccess: (list) => queryClient.setQueryData(['notes'], list),
  });
  const [draft, setDraft] = useState('');
  return (
    <section className="demo-card" aria-label="Notes">
      <h2>Notes</h2>
      {notes.isPending ? (
        <p>Loading notes…</p>
      ) : notes.isError ? (
        <p role="alert">{notes.error.message}</p>
      ) : (
        <ul>
          {notes.data.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      )}
      <form
        className="demo-form"
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate(draft, { onSuccess: () => setDraft('') });
        }}
      >
        <label>
          New note <input value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? 'Saving…' : 'Add note'}
        </button>
        {add.isError && <p role="alert">{add.error.message}</p>}
      </form>
    </section>
  );
}

/** What reached the pretend server, and a button that ends its session. */
function ServerPanel({ server }: { server: PretendServer }) {
  const log = useSyncExternalStore(server.subscribe, () => server.state.log);
  const status = useSession((snapshot) => snapshot.status);
  return (
    <section className="demo-card" aria-label="Server">
      <h2>Server</h2>
      <p role="status" aria-label="Session status">
        Session {status}
      </p>
      <button type="button" onClick={server.endSession}>
        End the server session
      </button>
      <ol aria-label="Requests the server received">
        {log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </section>
  );
}

function TanStackQueryStory() {
  // Made once, like an app's module-level session and client.
  const [{ server, session, queryClient }] = useState(() => {
    const pretend = createPretendServer();
    const made = createSession({ crossTab: false, activityEvents: [], user: 'ada', clock: createTestClock(Date.UTC(2026, 0, 1, 9, 0)), fetch: pretend.fetch });
    return { server: pretend, session: made, queryClient: new QueryClient() };
  });
  useEffect(() => connectQueryClient(session, queryClient), [session, queryClient]);
  const relogin = async ({ username }: Credentials) => {
    server.signIn(username);
    return { user: username };
  };
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider session={session}>
        <div className="demo-app">
          <header className="demo-bar">
            <span className="demo-brand">Acme Notes</span>
          </header>
          <main className="demo-main">
            <h1>TanStack Query through an expired session</h1>
            <Notes session={session} />
            <ServerPanel server={server} />
          </main>
        </div>
        <ReloginModal onRelogin={relogin} />
      </SessionProvider>
    </QueryClientProvider>
  );
}

/**
 * A list (`useQuery`) and a form (`useMutation`) whose functions call `session.fetch`, with the
 * client connected by `connectQueryClient` (react-session-timeout/tanstack-query): end the server
 * session, add a note, and sign in again. The note is refused once, parked, and sent once after
 * the sign-in; no error shows. Signing in as bob instead shows his notes, never ada's.
 */
const meta = {
  title: 'Session/TanStack Query',
  component: TanStackQueryStory,
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof TanStackQueryStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Runs the page up to the re-login: the server session ends, a note is added, the re-login opens. */
async function addNoteAfterTheEnd(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const notes = within(canvas.getByRole('region', { name: 'Notes' }));
  await notes.findByText('Lunch with Grace');
  await userEvent.click(canvas.getByRole('button', { name: 'End the server session' }));
  await userEvent.type(notes.getByLabelText('New note'), 'Dinner at eight');
  await userEvent.click(notes.getByRole('button', { name: 'Add note' }));
  return { canvas, notes, relogin: await screen.findByRole('dialog', { name: 'Your session has expired' }) };
}

async function signIn(relogin: HTMLElement, username: string) {
  await userEvent.type(within(relogin).getByLabelText('Username'), username);
  await userEvent.type(within(relogin).getByLabelText('Password'), 'secret');
  await userEvent.click(within(relogin).getByRole('button', { name: 'Sign in' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
}

/** The same person signs in again: the parked note is sent once and joins the list. */
export const ListAndMutationThroughAnExpiry: Story = {
  play: async ({ canvasElement, step }) => {
    let page!: Awaited<ReturnType<typeof addNoteAfterTheEnd>>;
    await step('the server session ends; the note added then is refused once and parked', async () => {
      page = await addNoteAfterTheEnd(canvasElement);
    });
    const { canvas, notes, relogin } = page;
    await step('signing in again as ada sends it once: the server received it refused, then created', async () => {
      await signIn(relogin, 'ada');
      await expect(await notes.findByText('Dinner at eight')).toBeVisible();
      const log = within(canvas.getByRole('list', { name: 'Requests the server received' }));
      await expect(log.getAllByText(/^POST \/api\/notes/).map((line) => line.textContent)).toEqual(['POST /api/notes: 440', 'POST /api/notes: 201']);
      await expect(notes.queryByRole('alert')).not.toBeInTheDocument();
    });
  },
};

/** Someone else signs in: ada's parked note is not sent as bob, and bob sees his notes, not hers. */
export const SomeoneElseSignsIn: Story = {
  play: async ({ canvasElement, step }) => {
    const { notes, relogin } = await addNoteAfterTheEnd(canvasElement);
    await step("bob signs in: ada's notes are gone before his arrive", async () => {
      await signIn(relogin, 'bob');
      await expect(notes.queryByText('Lunch with Grace')).not.toBeInTheDocument();
      await expect(await notes.findByText('Tickets to Lyon')).toBeVisible();
    });
  },
};
