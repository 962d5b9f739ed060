import Link from 'next/link';
import { cookies } from 'next/headers';

import { SessionStatus } from '../session-status';
import { NoteForm } from './note-form';

// Dynamic (reads cookies()): rendered per request, as a signed-in page is.
export default async function Notes() {
  const user = (await cookies()).get('session')?.value;
  return (
    <main>
      <h1>Notes of {user}</h1>
      <SessionStatus />
      <NoteForm />
      {/* Not prefetched: the click is the request that meets the expired session (a prefetch made
          while signed in would answer it from the cache, and a prefetch never parks). */}
      <Link href="/notes/archive" prefetch={false}>
        Archive
      </Link>
    </main>
  );
}
