// queries.ts: the app's QueryClient, connected to the session, and its requests through session.fetch
import { QueryClient } from '@tanstack/react-query';
import { connectQueryClient } from 'react-session-timeout/tanstack-query';
import { session } from './session';

export const queryClient = new QueryClient();
connectQueryClient(session, queryClient); // at module level, like the client: for the app's lifetime

/** The signed-in person's notes. On an expired session the request waits for the re-login, then answers. */
export async function fetchNotes({ signal }: { signal: AbortSignal }): Promise<string[]> {
  const response = await session.fetch('/api/notes', { signal }); // `signal`: a query TanStack cancels leaves the line
  if (!response.ok) throw new Error(`The notes did not load (${response.status}).`);
  return (await response.json()) as string[];
}

/** Adds a note; answers the person's notes with it. Sent once, even across a re-login. */
export async function addNote(note: string): Promise<string[]> {
  const response = await session.fetch('/api/notes', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: note });
  if (!response.ok) throw new Error(`The note was not saved (${response.status}).`);
  return (await response.json()) as string[];
}
