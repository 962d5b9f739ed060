import Link from 'next/link';
import { cookies } from 'next/headers';

import { SessionStatus } from '../session-status';
import { NoteForm } from './note-form';
import { QuickNoteForm } from './quick-note-form';

// Dynamic (reads cookies()): rendered per request, as a signed-in page is.
export default async function Notes() {
  const user = (await cookies()).get('session')?.value;
  return (
    <main>
      <h1>Notes of {user}</h1>
      <SessionStatus />
      <NoteForm />
      <QuickNoteForm />
      {/* Not prefetched: the click is the request that meets the expired session (Next may answer
          it from a prefetch made while signed in, and ask the server nothing). */}
      <Link href="/notes/archive" prefetch={false}>
        Archive
      </Link>
      {/* Shown on demand: its prefetch (the default) is made when it is shown. */}
      <details>
        <summary>More</summary>
        <Link href="/notes/tags">Tags</Link>
      </details>
    </main>
  );
}
