// react-session-timeout/core in plain Node, without React: session.fetch against a real server
// that answers 440 (the session is gone), the request parks, resume() replays it once, 200.
import { existsSync } from 'node:fs';
import http from 'node:http';

import { createSession, SessionExpiredError } from 'react-session-timeout/core';

const expect = (condition, what) => {
  if (!condition) {
    console.error(`FAILED: ${what}`);
    process.exit(1);
  }
};
expect(!existsSync(new URL('./node_modules/react', import.meta.url)), 'node_modules/react exists: React was installed');

let signedIn = false; // the server session is already gone
const log = [];
const server = http.createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  log.push({ method: req.method, url: req.url, body, signedIn });
  if (!signedIn) {
    res.writeHead(440).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Session-Expires': '900' });
  res.end(JSON.stringify({ saved: JSON.parse(body) }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/api/orders`;

const session = createSession({ idleTimeout: 60_000, crossTab: false, user: 'ada' });
session.start();
try {
  const pending = session.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ item: 'tea', qty: 2 }) });
  let settled = false;
  pending.finally(() => (settled = true)).catch(() => {});
  for (let i = 0; i < 100 && session.getSnapshot().status !== 'expired'; i++) await new Promise((r) => setTimeout(r, 20));
  const parked = session.getSnapshot();
  expect(parked.status === 'expired' && parked.reason === 'response', `after the 440: ${JSON.stringify({ status: parked.status, reason: parked.reason })}`);
  expect(parked.parked === 1 && !settled, `the request is not parked: parked=${parked.parked}, settled=${settled}`);
  expect(log.length === 1, `requests sent: ${log.length}`);

  signedIn = true; // the person signed in again elsewhere (the app's own sign-in)
  await session.resume({ user: 'ada' });
  const response = await pending;
  expect(response instanceof Response && response.status === 200, `replayed answer: ${response?.status}`);
  const data = await response.json();
  expect(data.saved.item === 'tea' && data.saved.qty === 2, `replayed body: ${JSON.stringify(data)}`);
  expect(log.length === 2 && log[1].method === 'POST' && log[1].body === log[0].body, `requests: ${JSON.stringify(log)}`);
  await new Promise((r) => setTimeout(r, 200));
  expect(log.length === 2, `replayed more than once: ${log.length} requests`);
  const after = session.getSnapshot();
  expect(after.status === 'active' && after.parked === 0 && after.expiresAt !== null, `after the replay: ${JSON.stringify(after)}`);
  expect(typeof SessionExpiredError === 'function', 'SessionExpiredError is not exported');
  console.log(`NOTE 440 parked the request, resume() replayed it once: 200 ${JSON.stringify(data)}; status ${after.status}`);
} finally {
  session.stop();
  server.close();
}
