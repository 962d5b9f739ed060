// The devtools in the dev server, independent of the README's text: a session, its provider and
// <SessionDevtools />, so this page fails only when the package itself does.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createSession, SessionProvider } from 'react-session-timeout';
import { SessionDevtools } from 'react-session-timeout/devtools';

const session = createSession({ keepalive: '/api/session/keepalive', user: 'ada' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider session={session}>
      <main>
        <h1>Devtools in the dev server</h1>
      </main>
      {import.meta.env.DEV && <SessionDevtools />}
    </SessionProvider>
  </StrictMode>,
);
