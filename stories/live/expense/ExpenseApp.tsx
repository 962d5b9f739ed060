/**
 * A small expense app on the real library: every request goes through `session.fetch`, and the
 * backend is a fetch double at the network edge (expense-backend.ts). The panel on the right plays
 * the server's console: end its session, read the demo credentials, watch the requests.
 */
import { useEffect, useId, useState, useSyncExternalStore, type FormEvent } from 'react';

import {
  createSession,
  ReloginModal,
  SessionExpiredError,
  SessionProvider,
  SessionTimeoutDialog,
  SessionTimeoutNotice,
  useSession,
  type Session,
} from '../../src/index.ts';
import { createExpenseBackend, type Expense, type ExpenseBackend } from './expense-backend.ts';
import { createRequestLog, newRequestId, REQUEST_ID, RequestLogList, useParkedMarks, type RequestLog } from './request-log.tsx';

export const DEMO_USERNAME = 'ada';
export const DEMO_PASSWORD = 'lovelace';

const SEED: readonly Expense[] = [
  { id: 1, description: 'Team lunch with the Leeds office', amount: 8640 },
  { id: 2, description: 'Train to Leeds, return', amount: 5410 },
];

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "42.5" → 4250 pence; NaN for anything that is not an amount. */
function toPence(text: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return NaN;
  return Math.round(Number(text) * 100);
}

async function readError(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? fallback;
}

function useBackend(backend: ExpenseBackend) {
  return useSyncExternalStore(backend.subscribe, backend.getSnapshot);
}

function TopBar() {
  const status = useSession((snapshot) => snapshot.status);
  return (
    <header className="live-bar">
      <span className="live-brand">
        <span className="live-logo" aria-hidden="true">
          £
        </span>
        Tally
      </span>
      <p className="live-user">
        {status === 'signedOut' ? (
          'Signed out'
        ) : (
          <>
            <span className="live-avatar" aria-hidden="true">
              AL
            </span>
            Ada Lovelace
          </>
        )}
      </p>
    </header>
  );
}

function ExpenseForm({ session, onSaved }: { session: Session; onSaved: () => void }) {
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const pence = toPence(amount);
    if (!description.trim() || Number.isNaN(pence) || pence <= 0) {
      setMessage({ tone: 'error', text: 'Enter a description and an amount such as 42.50.' });
      return;
    }
    setSaving(true);
    setMessage(null);
    try {
      // One request id for this save: a replay after the re-login carries the same one.
      const response = await session.fetch('/api/expenses', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [REQUEST_ID]: newRequestId() },
        body: JSON.stringify({ description, amount: pence }),
      });
      if (!response.ok) {
        setMessage({ tone: 'error', text: await readError(response, `Not saved: the server answered ${response.status}.`) });
        return;
      }
      const { expense } = (await response.json()) as { expense: Expense };
      setDescription('');
      setAmount('');
      setMessage({ tone: 'ok', text: `Saved “${expense.description}”, ${money.format(expense.amount / 100)}.` });
      onSaved();
    } catch (error) {
      const text = error instanceof SessionExpiredError ? 'Not saved: you signed out before it could be sent again.' : 'Not saved: the server could not be reached.';
      setMessage({ tone: 'error', text });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="live-form" onSubmit={save} noValidate>
      <div className="live-fields">
        <label className="live-field live-field-wide">
          <span>Description</span>
          <input name="description" value={description} onChange={(event) => setDescription(event.target.value)} autoComplete="off" placeholder="e.g. Taxi to the airport" />
        </label>
        <label className="live-field">
          <span>Amount (£)</span>
          <input name="amount" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} autoComplete="off" placeholder="0.00" />
        </label>
      </div>
      <div className="live-form-actions">
        <button type="submit" className="live-button" aria-disabled={saving || undefined}>
          {saving ? 'Saving…' : 'Save expense'}
        </button>
        <p className="live-message" role="status" data-tone={message?.tone}>
          {message?.text}
        </p>
      </div>
    </form>
  );
}

function ExpenseTable({ expenses }: { expenses: readonly Expense[] | null }) {
  if (expenses === null) return <p className="live-muted">Loading your expenses…</p>;
  if (expenses.length === 0) return <p className="live-muted">No expenses yet.</p>;
  const total = expenses.reduce((sum, expense) => sum + expense.amount, 0);
  return (
    <table className="live-table" aria-labelledby="live-expenses-heading">
      <thead>
        <tr>
          <th scope="col">Description</th>
          <th scope="col" className="live-num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {expenses.map((expense) => (
          <tr key={expense.id}>
            <td>{expense.description}</td>
            <td className="live-num">{money.format(expense.amount / 100)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="live-num">{money.format(total / 100)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function ExpensesPage({ session }: { session: Session }) {
  const [expenses, setExpenses] = useState<readonly Expense[] | null>(null);
  const [reload, setReload] = useState(0);

  // The list is what the server holds, read again after each save: a record saved twice shows twice.
  useEffect(() => {
    const controller = new AbortController();
    session
      .fetch('/api/expenses', { signal: controller.signal })
      .then(async (response) => {
        if (response.ok) setExpenses(((await response.json()) as { expenses: Expense[] }).expenses);
      })
      .catch(() => {}); // aborted (unmount, StrictMode's rehearsal) or signed out
    return () => controller.abort();
  }, [session, reload]);

  return (
    <main className="live-main" id="expenses">
      <div className="live-page-head">
        <h1>Expenses</h1>
        <SessionTimeoutNotice />
      </div>
      <section className="live-card" aria-labelledby="live-new-heading">
        <h2 id="live-new-heading">New expense</h2>
        <ExpenseForm session={session} onSaved={() => setReload((count) => count + 1)} />
      </section>
      <section className="live-card" aria-labelledby="live-expenses-heading">
        <h2 id="live-expenses-heading">Your expenses</h2>
        <ExpenseTable expenses={expenses} />
      </section>
    </main>
  );
}

/** After "Sign out": what a real app's sign-in page would do, here in place. */
function SignedOutPage({ signIn }: { signIn: (credentials: { username: string; password: string }) => Promise<unknown> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn({ username: String(data.get('username') ?? ''), password: String(data.get('password') ?? '') });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Sign-in failed.');
      setBusy(false);
    }
  };
  return (
    <main className="live-main" id="expenses">
      <section className="live-card live-signed-out" aria-labelledby="live-signed-out-heading">
        <h1 id="live-signed-out-heading">You are signed out</h1>
        <p className="live-muted">Anything that was still waiting to be saved was not sent. Sign in to carry on.</p>
        <form className="live-form" onSubmit={submit}>
          <div className="live-fields">
            <label className="live-field">
              <span>Username</span>
              <input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
            </label>
            <label className="live-field">
              <span>Password</span>
              <input name="password" type="password" autoComplete="current-password" required />
            </label>
          </div>
          <div className="live-form-actions">
            <button type="submit" className="live-button" aria-disabled={busy || undefined}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
            <p className="live-message" role="alert" data-tone="error">
              {error}
            </p>
          </div>
        </form>
      </section>
    </main>
  );
}

function Page({ session, signIn }: { session: Session; signIn: (credentials: { username: string; password: string }) => Promise<unknown> }) {
  const signedOut = useSession((snapshot) => snapshot.status === 'signedOut');
  return signedOut ? <SignedOutPage signIn={signIn} /> : <ExpensesPage session={session} />;
}

function ServerConsole({ backend, log }: { backend: ExpenseBackend; log: RequestLog }) {
  const { sessionActive } = useBackend(backend);
  const status = useSession((snapshot) => snapshot.status);
  const parked = useSession((snapshot) => snapshot.parked);
  const logHeading = useId();
  return (
    <aside className="live-console" aria-labelledby="live-console-heading">
      <h2 id="live-console-heading">Demo server</h2>
      <dl className="live-facts">
        <div>
          <dt>Server session</dt>
          <dd>
            <span className="live-dot" data-on={sessionActive || undefined} aria-hidden="true" />
            {sessionActive ? 'active' : 'ended'}
          </dd>
        </div>
        <div>
          <dt>Page session</dt>
          <dd data-testid="page-session">{status}</dd>
        </div>
        <div>
          <dt>Parked requests</dt>
          <dd>{parked}</dd>
        </div>
      </dl>
      <button type="button" className="live-button live-button-danger" disabled={!sessionActive} onClick={() => backend.endSession()}>
        Server: end the session
      </button>
      <p className="live-credentials">
        Demo sign-in: username <kbd>{DEMO_USERNAME}</kbd>, password <kbd>{DEMO_PASSWORD}</kbd>
      </p>
      <h3 id={logHeading}>Request log</h3>
      <RequestLogList log={log} labelledBy={logHeading} />
    </aside>
  );
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

  const relogin = async ({ username, password }: { username: string; password: string }) => {
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
          <Page session={session} signIn={async (credentials) => session.resume(await relogin(credentials))} />
          <ServerConsole backend={backend} log={log} />
        </div>
      </div>
      <SessionTimeoutDialog />
      <ReloginModal
        onRelogin={relogin}
        messages={{ instructions: `Sign in again to continue where you left off. Nothing you entered is lost. (Demo: ${DEMO_USERNAME} / ${DEMO_PASSWORD})` }}
      />
    </SessionProvider>
  );
}
