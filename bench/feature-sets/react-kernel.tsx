// The kernel under React: ComposedSessionProvider and useSession over a session of the kernel
// alone (idle, warning, the server's expiry). Bundle this file to measure the set your way.
import { ComposedSessionProvider, composeSession, useSession } from 'react-session-timeout';

const session = composeSession({ idleTimeout: 15 * 60_000 }, []);

function Status() {
  return <p>{useSession().status}</p>;
}

export const App = () => (
  <ComposedSessionProvider session={session}>
    <Status />
  </ComposedSessionProvider>
);
