/**
 * A pretend server for the live expense app, at the network edge: a function with fetch's
 * signature, passed as the session's `fetch` option, so everything above it (the session, its
 * fetch layer, the dialogs) is the real library. It keeps a server-side session flag and the
 * saved records, answers JSON with a `Session-Expires` header, answers 440 to every API call once
 * its session was ended, and `POST /login` with the right password starts a new one.
 */
import type { RequestLog } from '../shared/request-log.tsx';
import { wait } from '../shared/wait.ts';

export interface Expense {
  readonly id: number;
  readonly description: string;
  /** In cents: no floating point money. */
  readonly amount: number;
}

export interface BackendState {
  /** The server-side session: false after "Server: end the session", until a good `POST /login`. */
  readonly sessionActive: boolean;
  readonly expenses: readonly Expense[];
}

export interface ExpenseBackend {
  /** Pass as the session's `fetch` option. */
  fetch: typeof fetch;
  /** The server forgets the session (a restart, an admin, its own timeout): API calls answer 440. */
  endSession(): void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): BackendState;
}

export interface BackendOptions {
  username: string;
  password: string;
  log: RequestLog;
  /** What a real network takes, so "Saving…" and "Signing in…" can be seen. */
  latency?: number;
  /** The `Session-Expires` of every successful answer, in seconds. */
  sessionSeconds?: number;
  expenses?: readonly Expense[];
}

export function createExpenseBackend({ username, password, log, latency = 120, sessionSeconds = 900, expenses = [] }: BackendOptions): ExpenseBackend {
  let state: BackendState = { sessionActive: true, expenses };
  let nextId = Math.max(0, ...expenses.map((expense) => expense.id)) + 1;
  const listeners = new Set<() => void>();
  const update = (patch: Partial<BackendState>) => {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener();
  };

  const json = (status: number, body: unknown, session = true) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...(session ? { 'Session-Expires': String(sessionSeconds) } : {}) },
    });

  async function answer(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const method = request.method;

    if (path === '/login' && method === 'POST') {
      const body = (await request.json().catch(() => ({}))) as { username?: unknown; password?: unknown };
      if (body.username !== username || body.password !== password) {
        return json(401, { error: 'That username and password do not match.' }, false);
      }
      update({ sessionActive: true });
      return json(200, { user: username });
    }

    if (!path.startsWith('/api/')) return json(404, { error: 'Not found' }, false);
    // 440 Login Timeout, as IIS sends it: the server no longer knows this session.
    if (!state.sessionActive) return json(440, { error: 'Login Timeout' }, false);

    if (path === '/api/expenses' && method === 'GET') return json(200, { expenses: state.expenses });
    if (path === '/api/expenses' && method === 'POST') {
      const body = (await request.json().catch(() => ({}))) as { description?: unknown; amount?: unknown };
      const description = typeof body.description === 'string' ? body.description.trim() : '';
      const amount = typeof body.amount === 'number' && Number.isInteger(body.amount) && body.amount > 0 ? body.amount : NaN;
      if (!description || Number.isNaN(amount)) return json(422, { error: 'A description and an amount above zero are needed.' });
      const expense: Expense = { id: nextId++, description, amount };
      update({ expenses: [...state.expenses, expense] });
      return json(200, { expense });
    }
    return json(405, { error: 'Method not allowed' });
  }

  return {
    async fetch(input, init) {
      const request = new Request(input, init);
      await wait(latency, request.signal); // an aborted request never reaches the server
      const response = await answer(request);
      log.record(request, response.status);
      return response;
    },
    endSession: () => update({ sessionActive: false }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
  };
}
