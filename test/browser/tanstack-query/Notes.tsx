// Notes.tsx: a list (useQuery) and a form (useMutation); neither knows about sessions
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { addNote, fetchNotes } from './queries';

export function Notes() {
  const queryClient = useQueryClient();
  const notes = useQuery({ queryKey: ['notes'], queryFn: fetchNotes });
  const add = useMutation({ mutationFn: addNote, onSuccess: (list) => queryClient.setQueryData(['notes'], list) });
  const [draft, setDraft] = useState('');
  return (
    <section aria-label="Notes">
      {notes.isPending ? (
        <p>Loading notes…</p>
      ) : notes.isError ? (
        <p role="alert">{notes.error.message}</p>
      ) : (
        <ul>
          {notes.data.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate(draft, { onSuccess: () => setDraft('') });
        }}
      >
        <label>
          New note <input value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit" disabled={add.isPending}>
          Add note
        </button>
        {add.isError && <p role="alert">{add.error.message}</p>}
      </form>
    </section>
  );
}
