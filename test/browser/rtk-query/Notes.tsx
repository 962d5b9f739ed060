// Notes.tsx: a list (a query) and a form (a mutation); neither knows about sessions
import { useState } from 'react';
import { useAddNoteMutation, useNotesQuery } from './api';

export function Notes() {
  const notes = useNotesQuery();
  const [addNote, adding] = useAddNoteMutation();
  const [draft, setDraft] = useState('');
  return (
    <section aria-label="Notes">
      {notes.isError ? (
        <p role="alert">The notes did not load.</p>
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
          addNote(draft)
            .unwrap()
            .then(
              () => setDraft(''),
              () => {},
            ); // a failure shows below
        }}
      >
        <label>
          New note <input value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit" disabled={adding.isLoading}>
          Add note
        </button>
        {adding.isError && <p role="alert">The note was not saved.</p>}
      </form>
    </section>
  );
}
