// Runs in each page of the strict-CSP test, served with the policy headers: the React layer (the
// provider, the warning and the re-login) on a test clock the test moves, on a tall page.
import { createRoot } from 'react-dom/client';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, createSession } from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';

const params = new URLSearchParams(location.search);
const clock = createTestClock();
const session = createSession({
  clock,
  idleTimeout: Number(params.get('idle')),
  warningBefore: Number(params.get('warning')),
  crossTab: false,
  user: 'ada',
});

function App() {
  return (
    <SessionProvider session={session}>
      <main>
        <h1>Invoices</h1>
        <p>A long page: it scrolls.</p>
      </main>
      <SessionTimeoutDialog />
      {/* Signs in as whoever asks: the test is about the page, not the server. */}
      <ReloginModal onRelogin={async ({ username }) => ({ user: username })} />
    </SessionProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);

Object.assign(window, {
  harness: {
    advance: (ms: number) => clock.advance(ms),
    status: () => session.getSnapshot().status,
  },
});
document.title = 'ready';
