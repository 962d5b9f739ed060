// The page's script for PHP, bundled by run.sh against the PACKED library: the shared Notes page
// (lib/page) with what is this app's own: the CSRF token (the X-CSRF-Token header, the csrf
// field) kept in the session, a sign-in answered 401 when refused, and 440 then 401 as the
// session's end.
import { createSession } from 'react-session-timeout';
import { notesSessionOptions, readWho, renderNotesPage } from '../lib/page/notes-page.tsx';
import { recordSession } from '../lib/page/record-session.ts';

const who = readWho();

// The token lives in the PHP session and is renewed at sign-in: the page brings the first one,
// each sign-in's answer the next; it is read at each use.
let token = document.querySelector('meta[name="csrf-token"]').content;
const csrf = { header: 'X-CSRF-Token', field: 'csrf', token: () => token };

const session = createSession({
  ...notesSessionOptions({ user: who.user, keepaliveUrl: '/api/session/keepalive', csrf }),
  expiredStatuses: [440, 401], // 440 at the end, then 401: the session is gone
});
const recorder = recordSession(session);

/** Signs in: the app answers a wrong password with 401, so here an OK answer is a sign-in. */
async function login({ username, password }) {
  const response = await session.fetch('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
    park: false, // the sign-in itself must not wait for a sign-in
  });
  recorder.loginAnswered(response);
  if (!response.ok) throw new Error(response.status === 401 ? 'Wrong username or password.' : 'Sign-in failed. Try again.');
  const answer = await response.json();
  token = answer.csrf;
  recorder.signedIn();
  return { user: answer.user };
}

renderNotesPage({ session, recorder, user: who.user, login, csrf, paths: { json: '/api/notes', form: '/notes' } });
