// The README's setup: createSession, SessionProvider, SessionTimeoutDialog, ReloginModal with a
// real sign-in, the default theme, and session.fetch for the app's requests.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  createSession,
  ReloginModal,
  SessionProvider,
  SessionTimeoutDialog,
  SessionTimeoutNotice,
  useRemainingTime,
  useSession,
  type SessionStatus,
} from 'react-session-timeout';
import 'react-session-timeout/styles.css';

import { Notes } from './Notes.tsx';

// Short times so the browser journey takes seconds: the warning comes 5 s after the last activity.
export const session = createSession({
  idleTimeout: 25_000,
  warningBefore: 20_000,
  keepalive: '/api/session/keepalive',
  user: 'ada',
});

/** The app's own sign-in: throws on anything but a 2xx, so the modal shows the message. */
async function login(username: string, password: string): Promise<{ user: string }> {
  const response = await session.fetch('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
    park: false,
  });
  if (!response.ok) throw new Error(response.status === 401 ? 'Wrong username or password.' : `Sign-in failed (${response.status}).`);
  return { user: username };
}

async function save(title: string, text: string): Promise<string> {
  const response = await session.fetch('/api/notes', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, text }),
  });
  if (!response.ok) throw new Error(`Saving failed (${response.status}).`);
  const saved = (await response.json()) as { id: number; title: string };
  return `Saved note ${saved.id}: ${saved.title}`;
}

function SessionInfo() {
  const status: SessionStatus = useSession((snapshot) => snapshot.status);
  const remaining = useRemainingTime();
  return (
    <p data-testid="session">
      Session: <span data-testid="status">{status}</span>, {Math.ceil(remaining / 1000)} s left
    </p>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider session={session}>
      <Notes save={save}>
        <SessionTimeoutNotice />
        <SessionInfo />
      </Notes>
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={({ username, password }) => login(username, password)} />
    </SessionProvider>
  </StrictMode>,
);
