import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ReloginForm, SessionTimeoutNotice, useSession } from 'react-session-timeout';

import { login } from './session.ts';

interface Expense {
  ref: string;
  date: string;
  merchant: string;
  category: string;
  amount: number;
  currency: string;
  server: string | null;
}

export function App({ iis }: { iis: boolean }) {
  const status = useSession((s) => s.status);
  return (
    <div className="app">
      <header className="bar">
        <h1>Expenses</h1>
        {status !== 'signedOut' && <SignOutButton />}
      </header>
      {status === 'signedOut' ? <SignInPage /> : <ExpenseReport iis={iis} />}
    </div>
  );
}

function SignOutButton() {
  const { signOut } = useSession();
  return (
    <button type="button" className="quiet" onClick={() => void signOut()}>
      Sign out
    </button>
  );
}

/** The app's own signed-out page: the library's sign-in form, which resumes the session itself. */
function SignInPage() {
  const { fetch } = useSession();
  return (
    <main className="card narrow">
      <h2>Sign in</h2>
      <p className="hint">
        Demo account: <code>ada</code> / <code>lovelace</code>
      </p>
      <ReloginForm onRelogin={(credentials) => login(fetch, credentials)} autoFocus />
    </main>
  );
}

function ExpenseReport({ iis }: { iis: boolean }) {
  const { fetch } = useSession();
  const [expenses, setExpenses] = useState<Expense[]>([]);
  const [message, setMessage] = useState('');

  const reload = useCallback(async () => {
    const response = await fetch('/api/expenses');
    if (response.ok) setExpenses((await response.json()) as Expense[]);
  }, [fetch]);

  useEffect(() => {
    reload().catch(() => {});
  }, [reload]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const expense = { ...Object.fromEntries(new FormData(form)), ref: `exp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` };
    setMessage('Saving…');
    try {
      // A 440 here parks the request: the re-login opens over this page, and the request is sent
      // again once the person is back. This line simply waits for the answer.
      const response = await fetch('/api/expenses', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(expense) });
      if (!response.ok) throw new Error(((await response.json()) as { error?: string }).error ?? `HTTP ${response.status}`);
      const saved = (await response.json()) as Expense;
      setMessage(`Saved: ${saved.merchant}, ${saved.amount.toFixed(2)} ${saved.currency}`);
      form.reset();
      setExpenses((list) => [...list, saved]);
    } catch (error) {
      setMessage(`Not saved: ${(error as Error).message}`);
    }
  }

  return (
    <main className="layout">
      <section className="card" aria-labelledby="new-expense">
        <h2 id="new-expense">New expense</h2>
        <SessionTimeoutNotice className="notice" />
        <form onSubmit={(event) => void submit(event)} className="expense-form">
          <label>
            Date <input name="date" type="date" required defaultValue="2025-03-14" />
          </label>
          <label>
            Merchant <input name="merchant" required autoComplete="off" />
          </label>
          <label>
            Category
            <select name="category" defaultValue="Travel">
              <option>Travel</option>
              <option>Meals</option>
              <option>Lodging</option>
              <option>Supplies</option>
            </select>
          </label>
          <label>
            Amount <input name="amount" inputMode="decimal" required autoComplete="off" />
          </label>
          <label>
            Currency
            <select name="currency" defaultValue="EUR">
              <option>EUR</option>
              <option>USD</option>
              <option>GBP</option>
            </select>
          </label>
          <label>
            Project code <input name="project" autoComplete="off" />
          </label>
          <label className="wide">
            Attendees <input name="attendees" autoComplete="off" />
          </label>
          <label className="wide">
            Business purpose <textarea name="purpose" rows={4} />
          </label>
          <div className="wide actions">
            <button type="submit">Add expense</button>
            <p role="status" className="status">
              {message}
            </p>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="report">
        <h2 id="report">This report</h2>
        {expenses.length === 0 ? (
          <p className="hint">No expenses yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Date</th>
                <th>Merchant</th>
                <th>Category</th>
                <th className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {expenses.map((e) => (
                <tr key={e.ref}>
                  <td>{e.date}</td>
                  <td>{e.merchant}</td>
                  <td>{e.category}</td>
                  <td className="num">
                    {e.amount.toFixed(2)} {e.currency}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <DemoControls iis={iis} />
    </main>
  );
}

/** What a person trying the demo needs to provoke each case; not part of a real app. */
function DemoControls({ iis }: { iis: boolean }) {
  const { fetch } = useSession();
  const [result, setResult] = useState('');

  async function burst() {
    const statuses: Record<string, number> = {};
    const servers = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const response = await fetch('/api/expenses');
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      servers.add(response.headers.get('X-Served-By') ?? 'one server');
    }
    setResult(
      `50 requests: ${Object.entries(statuses)
        .map(([code, n]) => `${n} × ${code}`)
        .join(', ')}; served by ${[...servers].sort().join(' and ')}`,
    );
  }

  return (
    <section className="card demo" aria-labelledby="demo-controls">
      <h2 id="demo-controls">Demo controls</h2>
      <p className="hint">{iis ? 'IIS mode: an ended session answers 302 to /Account/Login.' : 'An ended session answers 440 Login Timeout.'}</p>
      <div className="actions">
        <button type="button" className="quiet" onClick={() => void fetch('/demo/end-session', { method: 'POST', park: false })}>
          End the server session
        </button>
        <button type="button" className="quiet" onClick={() => void burst()}>
          Send 50 requests
        </button>
      </div>
      <p role="status" className="status" data-testid="burst">
        {result}
      </p>
    </section>
  );
}
