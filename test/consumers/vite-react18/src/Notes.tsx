import { useState, type FormEvent, type ReactNode } from 'react';

export interface NotesProps {
  /** Saves the note; resolves with what to show. */
  save: (title: string, text: string) => Promise<string>;
  children?: ReactNode;
}

/** The app itself: the same in the build with the library and the one without. */
export function Notes({ save, children }: NotesProps) {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [result, setResult] = useState('');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaving(true);
    setError('');
    try {
      setResult(await save(title, text));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <main>
      <h1>Notes</h1>
      {children}
      <form onSubmit={onSubmit}>
        <label>
          Title <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <label>
          Note <textarea name="text" value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <button type="submit" aria-busy={saving || undefined}>
          Save
        </button>
      </form>
      <output data-testid="result">{result}</output>
      {error ? <p role="alert">{error}</p> : null}
    </main>
  );
}
