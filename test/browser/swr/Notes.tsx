// Notes.tsx: a list (useSWR) and a form (useSWRMutation); neither knows about sessions
import { useState } from 'react';
import useSWR from 'swr';
import useSWRMutation from 'swr/mutation';
import { addNote } from './swr';

export function Notes() {
  const notes = useSWR<string[], Error>('/api/notes');
  // The answer (the list with the new note) becomes the cached list: no second request.
  const add = useSWRMutation('/api/notes', addNote, { populateCache: true, revalidate: false, throwOnError: false });
  const [draft, setDraft] = useState('');
  return (
    <section aria-label="Notes">
      {notes.error ? (
        <p role="alert">{notes.error.message}</p>
      ) : notes.data ? (
        <ul>
          {notes.data.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      ) : (
        <p>Loading notes…</p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void add.trigger(draft).then((list) => list && setDraft(''));
        }}
      >
        <label>
          New note <input value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit" disabled={add.isMutating}>
          Add note
        </button>
        {add.error instanceof Error && <p role="alert">{add.error.message}</p>}
      </form>
    </section>
  );
}
