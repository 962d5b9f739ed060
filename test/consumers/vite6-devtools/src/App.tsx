// The app's own page; src/session.ts and src/main.tsx around it are the README's quick start.
import { useState } from 'react';
import { useSession } from 'react-session-timeout';
import { SessionDevtools } from 'react-session-timeout/devtools';

import { session } from './session';

export function App() {
  const status = useSession((snapshot) => snapshot.status);
  const [result, setResult] = useState('');

  const save = async () => {
    const response = await session.fetch('/api/save', { method: 'POST' });
    if (!response.ok) return setResult(`Saving failed (${response.status}).`);
    const { saved } = (await response.json()) as { saved: number };
    setResult(`Saved (${saved} so far).`);
  };

  return (
    <main>
      <h1>Orders</h1>
      <p>
        Session: <span data-testid="status">{status}</span>
      </p>
      <button type="button" onClick={() => void save()}>
        Save
      </button>
      <output data-testid="result">{result}</output>
      {import.meta.env.DEV && <SessionDevtools />}
    </main>
  );
}

export default App;
