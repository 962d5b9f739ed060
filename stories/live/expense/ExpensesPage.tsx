import { useEffect, useState } from 'react';

import { SessionTimeoutNotice, type Session } from '../../../src/index.ts';
import type { Expense } from './expense-backend.ts';
import { ExpenseForm } from './ExpenseForm.tsx';
import { ExpenseTable } from './ExpenseTable.tsx';

/** The signed-in page: a new expense, and the list the server holds. */
export function ExpensesPage({ session }: { session: Session }) {
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
