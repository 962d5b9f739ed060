// app/notes/quick-note-form.tsx: the same with <form action> and useActionState
'use client';
import { useActionState } from 'react';

import { addNoteFromForm } from './actions';

export function QuickNoteForm() {
  const [saved, formAction, pending] = useActionState(addNoteFromForm, '');
  return (
    <form action={formAction} aria-label="Quick note">
      <label>
        Quick title <input name="title" />
      </label>
      <label>
        Quick tags <input name="tags" />
      </label>
      <button type="submit" disabled={pending}>
        Save quick note
      </button>
      {saved && <p role="status">{saved}</p>}
    </form>
  );
}
