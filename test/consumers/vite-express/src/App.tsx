// The app's own page; src/session.ts, src/main.tsx and src/save.ts around it are the README's.
import { useState } from 'react';
import { useSession } from 'react-session-timeout';

import { save } from './save';

export function App() {
  const status = useSession((snapshot) => snapshot.status);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState(0);
  const [result, setResult] = useState('');

  const onSave = async () => {
    try {
      await save(note);
      setSaved((count) => count + 1);
      setResult(`Saved "${note}".`);
    } catch (error) {
      setResult(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <main>
      <h1>Notes</h1>
      <p>
        Session: <span data-testid="status">{status}</span>, saved: <span data-testid="saved">{saved}</span>
      </p>
      <label>
        Note <input value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="button" onClick={() => void onSave()}>
        Save
      </button>
      <output data-testid="result">{result}</output>
    </main>
  );
}

export default App;
