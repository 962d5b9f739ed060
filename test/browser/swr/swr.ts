// swr.ts: the app's SWR configuration, fitted around the session, and its requests through session.fetch
import { SessionExpiredError } from 'react-session-timeout';
import { unload, type SWRConfiguration } from 'swr';
import { session } from './session';

const running = () => ['active', 'warning'].includes(session.getSnapshot().status);

/** GETs `url` as JSON for the signed-in person. On an expired session the request waits for the re-login, then answers. */
async function fetchJson<T>(url: string): Promise<T> {
  try {
    const response = await session.fetch(url);
    if (!response.ok) throw new Error(`${url} did not load (${response.status}).`);
    return (await response.json()) as T;
  } catch (error) {
    // Parked for the previous person and refused once someone else signed in: SWR has already
    // forgotten this request (unload, below), but an error would still show. Let it go quiet.
    if (error instanceof SessionExpiredError && error.reason === 'userChanged') return new Promise<never>(() => {});
    throw error;
  }
}

/** For <SWRConfig value={swrConfig}>. */
export const swrConfig = {
  fetcher: fetchJson,
  isPaused: () => !running(), // while expired or signed out: no revalidation on focus, reconnect or mount, no retry
  shouldRetryOnError: (error: unknown) => !(error instanceof SessionExpiredError), // signed out, or no answer in replayTimeout
} satisfies SWRConfiguration;

// A sign-in as someone else (or as someone the session cannot tell): the previous person's cache goes.
session.onSignIn(({ userChanged }) => {
  if (userChanged === false) return;
  unload({ revalidate: false }); // now, before the session runs again: nothing of theirs renders; their requests are dropped
  queueMicrotask(() => unload()); // once it runs: every mounted useSWR loads again, as the new person
});

/** Adds a note (useSWRMutation's fetcher); answers the person's notes with it. Sent once, even across a re-login. */
export async function addNote(url: string, { arg: note }: { arg: string }): Promise<string[]> {
  const response = await session.fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: note });
  if (!response.ok) throw new Error(`The note was not saved (${response.status}).`);
  return (await response.json()) as string[];
}
