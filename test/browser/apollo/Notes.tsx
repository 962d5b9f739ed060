// Notes.tsx: a list (useQuery) and a form (useMutation); neither knows about sessions
import { gql, type TypedDocumentNode } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';

const NOTES: TypedDocumentNode<{ notes: string[] }> = gql`
  query Notes {
    notes
  }
`;
const ADD_NOTE: TypedDocumentNode<{ addNote: string[] }, { text: string }> = gql`
  mutation AddNote($text: String!) {
    addNote(text: $text)
  }
`;

export function Notes() {
  const notes = useQuery(NOTES);
  // The answer (the list with the new note) becomes the cached list: no second request.
  const [addNote, added] = useMutation(ADD_NOTE, {
    update: (cache, { data }) => data && cache.writeQuery({ query: NOTES, data: { notes: data.addNote } }),
  });
  const [draft, setDraft] = useState('');
  return (
    <section aria-label="Notes">
      {notes.error ? (
        <p role="alert">{notes.error.message}</p>
      ) : notes.data ? (
        <ul>
          {notes.data.notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      ) : (
        <p>Loading notes…</p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          addNote({ variables: { text: draft } }).then(
            () => setDraft(''),
            () => {}, // shown below
          );
        }}
      >
        <label>
          New note <input value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit" disabled={added.loading}>
          Add note
        </button>
        {added.error && <p role="alert">{added.error.message}</p>}
      </form>
    </section>
  );
}
