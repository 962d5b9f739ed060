// app/notes/note-form.tsx: the form
'use client';
import { useState } from 'react';

import { addNote } from './actions';

/** A form that calls the Server Action; it knows nothing of sessions. */
export function NoteForm() {
  const [title, setTitle] = useState('');
  const [tags, setTags] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        setError(null);
        try {
          // On an expired session this waits for the re-login, then resolves with the saved note.
          const note = await addNote(
            title,
            tags.split(',').map((tag) => tag.trim()),
          );
          setSaved(`Saved "${note.title}" (#${note.id})`);
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      }}
    >
      <label>
        Title <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <label>
        Tags <input value={tags} onChange={(event) => setTags(event.target.value)} />
      </label>
      <button type="submit">Save note</button>
      {saved && <p role="status">{saved}</p>}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
