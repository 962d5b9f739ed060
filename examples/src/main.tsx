import { createRoot } from 'react-dom/client';
import { ReloginModal, SessionProvider, SessionTimeoutDialog } from 'react-session-timeout';
import { SessionDevtools } from 'react-session-timeout/devtools';
import 'react-session-timeout/styles.css';

import { App } from './App.tsx';
import './app.css';
import { createAppSession, login, type ServerConfig } from './session.ts';

async function main() {
  // Before anything renders: the server's timeouts, and whether this browser is signed in (the
  // status route answers 200 with the user, or 440; asking never slides the session).
  const config = (await (await fetch('/api/config')).json()) as ServerConfig;
  const status = await fetch('/api/session', { cache: 'no-store', redirect: 'manual' });
  const user = status.ok ? ((await status.json()) as { user: string }).user : null;
  const session = createAppSession(config, user);

  createRoot(document.getElementById('root')!).render(
    <SessionProvider session={session}>
      <App iis={config.iis} />
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={(credentials) => login(session.fetch, credentials)} />
      <SessionDevtools />
    </SessionProvider>,
  );
}

void main();
