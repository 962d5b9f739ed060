// Notes.tsx: a list (useQuery) and a form (useMutation); neither knows about sessions
import { useState } from 'react';
import { gql, useMutation, useQuery, type TypedDocumentNode } from 'urql';

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
  const [notes, reloadNotes] = useQuery({ query: NOTES });
  const [added, addNote] = useMutation(ADD_NOTE);
  const [draft, setDraft] = useState('');
  const list = added.data?.addNote ?? notes.data?.notes; // the answer is the list with the new note
  return (
    <section aria-label="Notes">
      {notes.error ? (
        <p role="alert">{notes.error.message}</p>
      ) : list ? (
        <ul>
          {list.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      ) : (
        <p>Loading notes…</p>
      )}
      <button type="button" onClick={() => reloadNotes({ requestPolicy: 'network-only' })}>
        Reload notes
      </button>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void addNote({ text: draft }).then((result) => result.data && setDraft(''));
        }}
      >
        <label>
          New note <input value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit" disabled={added.fetching}>
          Add note
        </button>
        {added.error && <p role="alert">{added.error.message}</p>}
      </form>
    </section>
  );
}
