// app/notes/actions.ts: the Server Action
'use server';
import { cookies } from 'next/headers';
import { unauthorized } from 'next/navigation';

import { isLive } from '../sessions';
import { saveNote, type Note } from './store';

/** Saves a note. The middleware answers 440 before it runs when the session cookie is gone. */
export async function addNote(title: string, tags: string[]): Promise<Note> {
  // The cookie is there, but the session may have ended on the server: 401, which the page's
  // session takes for expired (expiredStatuses: [440, 401]).
  if (!isLive((await cookies()).get('session')?.value)) unauthorized();
  return saveNote(title, tags);
}

/** The same from a `<form action>` with `useActionState`: the fields arrive as FormData. */
export async function addNoteFromForm(_previous: string, form: FormData): Promise<string> {
  const tags = String(form.get('tags')).split(',');
  const note = await addNote(
    String(form.get('title')),
    tags.map((tag) => tag.trim()),
  );
  return `Saved "${note.title}" (#${note.id})`;
}
