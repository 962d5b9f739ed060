import { useState, type FormEvent } from 'react';

import { SessionExpiredError, type Session } from '../../../src/index.ts';
import { newRequestId, REQUEST_ID } from '../shared/request-log.tsx';
import type { Expense } from './expense-backend.ts';
import { money, readError, toPence } from './format.ts';

/** A new expense, saved with `session.fetch`: a 440 parks the save until the person signs in again. */
export function ExpenseForm({ session, onSaved }: { session: Session; onSaved: () => void }) {
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
      const text =
        error instanceof SessionExpiredError ? 'Not saved: you signed out before it could be sent again.' : 'Not saved: the server could not be reached.';
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
          <input
            name="description"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            autoComplete="off"
            placeholder="e.g. Taxi to the airport"
          />
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
