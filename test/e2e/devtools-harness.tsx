// The page of the devtools screenshot test: an expense form, the devtools open on a session whose
// load balancer lost it (each sign-in "works", the next server knows nothing of it), on a test clock.
import { createRoot } from 'react-dom/client';

import { SessionDevtools } from '../../src/devtools/index.ts';
import { SessionProvider, createSession } from '../../src/index.ts';
import { createTestClock } from '../../src/testing/index.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const server = { lost: false };
const clock = createTestClock(Date.UTC(2026, 11, 4, 9, 0, 0));
const answer = (status: number, url: string, headers: Record<string, string> = {}) => {
  const response = new Response(null, { status, headers });
  Object.defineProperty(response, 'url', { value: new URL(url, location.href).href });
  return response;
};
const session = createSession({
  clock,
  idleTimeout: 15 * MINUTE,
  warningBefore: 2 * MINUTE,
  crossTab: false,
  user: 'ada',
  activityEvents: [], // the screenshot's clicks are not the script's activity
  keepalive: async () => answer(200, '/api/session/keepalive', { 'Session-Expires': '1200' }),
  fetch: async (input, init) => {
    const { url } = new Request(input, init);
    return server.lost ? answer(440, url) : answer(200, url, { 'Session-Expires': '1200' });
  },
});

function App() {
  return (
    <SessionProvider session={session}>
      <main style={{ font: '16px system-ui, sans-serif', padding: '8px 24px' }}>
        <h1>Expense report</h1>
        <label>
          Description <input name="description" defaultValue="Taxi to the airport" />
        </label>
      </main>
      <SessionDevtools />
    </SessionProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);

async function script() {
  clock.advance(20 * SECOND);
  session.reportActivity();
  await session.fetch('/api/expenses');
  clock.advance(40 * SECOND);
  session.reportActivity();
  clock.advance(3 * MINUTE);
  await session.extend();
  clock.advance(30 * SECOND);
  server.lost = true; // round robin to a server without the session
  void session.fetch('/api/expenses', { method: 'POST' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (let signIn = 0; signIn < 2; signIn += 1) {
    clock.advance(20 * SECOND);
    await session.resume({ user: 'ada' });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// After the first render's effects: the devtools record from mount, so the script starts once they do.
await new Promise((resolve) => setTimeout(resolve, 100));
void script().then(() => {
  document.title = 'ready';
});
