// The library's promise under React: essentials (every tab in step, the keepalive, nothing lost)
// with the warning and the re-login dialogs. Bundle this file to measure the set your way.
import { ComposedSessionProvider, ReloginModal, SessionTimeoutDialog, composeSession, essentials } from 'react-session-timeout';

const session = composeSession({ idleTimeout: 15 * 60_000, keepalive: '/api/session/keepalive' }, essentials);

export const App = () => (
  <ComposedSessionProvider session={session}>
    <SessionTimeoutDialog />
    <ReloginModal onRelogin={(credentials) => fetch('/api/login', { method: 'POST', body: JSON.stringify(credentials) })} />
  </ComposedSessionProvider>
);
