/**
 * A small expense app on the real library: every request goes through `session.fetch`, and the
 * backend is a fetch double at the network edge (expense-backend.ts). The panel on the right plays
 * the server's console: end its session, read the demo credentials, watch the requests.
 */
import { useState } from 'react';

import { createSession, ReloginModal, SessionProvider, SessionTimeoutDialog, useSession, type Credentials, type Session } from '../../../src/index.ts';
import { createRequestLog, useParkedMarks } from '../shared/request-log.tsx';
import '../shared/live-base.css';
import './expense-app.css';
import { createExpenseBackend, type Expense } from './expense-backend.ts';
import { ExpensesPage } from './ExpensesPage.tsx';
import { readError } from './format.ts';
import { ServerConsole } from './ServerConsole.tsx';
import { SignedOutPage } from './SignedOutPage.tsx';
import { TopBar } from './TopBar.tsx';

export const DEMO_USERNAME = 'ada';
export const DEMO_PASSWORD = 'lovelace';

const SEED: readonly Expense[] = [
  { id: 1, description: 'Team lunch with the Leeds office', amount: 8640 },
  { id: 2, description: 'Train to Leeds, return', amount: 5410 },
];

type SignIn = (credentials: Credentials) => Promise<{ user: string }>;

/** The expenses while signed in, the sign-in page once signed out. */
function Page({ session, signIn }: { session: Session; signIn: SignIn }) {
  const signedOut = useSession((snapshot) => snapshot.status === 'signedOut');
  return signedOut ? <SignedOutPage onRelogin={signIn} /> : <ExpensesPage session={session} />;
}

/** The whole app: a session per mount, talking to its own pretend server. */
export function ExpenseApp() {
  const [{ session, backend, log }] = useState(() => {
    const log = createRequestLog();
    const backend = createExpenseBackend({ username: DEMO_USERNAME, password: DEMO_PASSWORD, log, expenses: SEED });
    const session = createSession({
      idleTimeout: 15 * 60_000,
      warningBefore: 2 * 60_000,
      user: DEMO_USERNAME,
      fetch: backend.fetch,
      crossTab: false,
    });
    return { session, backend, log };
  });
  useParkedMarks(session, log);

  // One sign-in for the re-login modal and the signed-out page: both resume the session with its answer.
  const signIn: SignIn = async ({ username, password }) => {
    // park: false: the sign-in must not wait in line behind the requests it is meant to release.
    const response = await session.fetch('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
      park: false,
    });
    if (response.status !== 200) throw new Error(await readError(response, `Sign-in failed (${response.status}).`));
    return { user: username };
  };

  return (
    <SessionProvider session={session}>
      <div className="live-app">
        <TopBar />
        <div className="live-layout">
          <Page session={session} signIn={signIn} />
          <ServerConsole backend={backend} log={log} credentials={{ username: DEMO_USERNAME, password: DEMO_PASSWORD }} />
        </div>
      </div>
      <SessionTimeoutDialog />
      <ReloginModal
        onRelogin={signIn}
        messages={{ instructions: `Sign in again to continue where you left off. Nothing you entered is lost. (Demo: ${DEMO_USERNAME} / ${DEMO_PASSWORD})` }}
      />
    </SessionProvider>
  );
}
