// The same app without react-session-timeout: the baseline for the bundle-size delta.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { Notes } from './Notes.tsx';

async function save(title: string, text: string): Promise<string> {
  const response = await fetch('/api/notes', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, text }),
  });
  if (!response.ok) throw new Error(`Saving failed (${response.status}).`);
  const saved = (await response.json()) as { id: number; title: string };
  return `Saved note ${saved.id}: ${saved.title}`;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Notes save={save} />
  </StrictMode>,
);
