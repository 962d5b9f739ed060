import type { Expense } from './expense-backend.ts';
import { money } from './format.ts';

/** What the server holds, with a total; named by the "Your expenses" heading. */
export function ExpenseTable({ expenses }: { expenses: readonly Expense[] | null }) {
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
