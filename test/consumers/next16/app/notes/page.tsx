import Link from 'next/link';
import { cookies } from 'next/headers';
import { Suspense } from 'react';

import { SessionStatus } from '../session-status';
import { NoteForm } from './note-form';
import { QuickNoteForm } from './quick-note-form';

async function Heading() {
  const user = (await cookies()).get('session')?.value;
  return <h1>Notes of {user}</h1>;
}

// cookies() per request, inside <Suspense> as Cache Components asks.
export default function Notes() {
  return (
    <main>
      <Suspense fallback={<h1>Notes</h1>}>
        <Heading />
      </Suspense>
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
