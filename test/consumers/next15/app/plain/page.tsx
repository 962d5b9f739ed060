import Link from 'next/link';

import { SessionStatus } from '../session-status';
import { NoteForm } from '../notes/note-form';

// The notes' form and a link, without connectNextRouter.
export default function PlainNotes() {
  return (
    <main>
      <h1>Notes without the router connected</h1>
      <SessionStatus />
      <NoteForm />
      <Link href="/plain/archive" prefetch={false}>
        Archive
      </Link>
    </main>
  );
}
