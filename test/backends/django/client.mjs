// The page's script, bundled by run.sh against the PACKED library: a sign-in form, a note the person
// types, Save (JSON with the X-CSRFToken header) and Save as form (a form body with
// csrfmiddlewaretoken, answered by Django with post/redirect/get), the warning and the re-login.
// It records every snapshot and every sign-in on window.__rst for the test to judge.
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ReloginModal, SessionProvider, SessionTimeoutDialog, createSession } from 'react-session-timeout';
import 'react-session-timeout/styles.css';

const who = JSON.parse(document.getElementById('who').textContent);
const csrfInSession = document.documentElement.dataset.csrf === 'session';

// Django rotates the CSRF token at sign-in, so it is read at each use: from the `csrftoken` cookie,
// or (CSRF_USE_SESSIONS) from the page and then from each sign-in's answer.
let sessionToken = document.querySelector('meta[name="csrf-token"]').content;
function csrfToken() {
  if (csrfInSession) return sessionToken;
  return document.cookie.match(/(?:^|; )csrftoken=([^;]*)/)?.[1] ?? '';
}

const record = { snapshots: [], signIns: [], loginAnswers: [] };
window.__rst = record;

const session = createSession({
  idleTimeout: 10 * 60_000,
  warningBefore: 20_000,
  initialStatus: who.user === null ? 'signedOut' : 'active',
  user: who.user ?? undefined,
  redirectMeansExpired: '/accounts/login/',
  keepalive: { url: '/api/session/keepalive/', headers: () => ({ 'X-CSRFToken': csrfToken() }) },
  // The parked request still carries the token of the session that ended: give it the new one,
  // in the header and in a form body.
  async prepareReplay(request) {
    const headers = new Headers(request.headers);
    if (headers.has('X-CSRFToken')) headers.set('X-CSRFToken', csrfToken());
    if (!headers.get('Content-Type')?.startsWith('application/x-www-form-urlencoded')) return new Request(request, { headers });
    const form = new URLSearchParams(await request.text());
    if (form.has('csrfmiddlewaretoken')) form.set('csrfmiddlewaretoken', csrfToken());
    return new Request(request, { headers, body: form });
  },
});
record.session = session;
session.subscribe(() => {
  const { status, reason, hardLimit, expiresAt, parked } = session.getSnapshot();
  record.snapshots.push({ t: Date.now(), status, reason, hardLimit, expiresAt, parked });
});

/**
 * Signs in with Django's LoginView. It answers a wrong password with 200 and the form again, so
 * `response.ok` proves nothing: only a redirect to LOGIN_REDIRECT_URL (/api/whoami/) is a sign-in.
 */
async function login({ username, password }) {
  // A token first: after the session's end (CSRF_USE_SESSIONS) the old one is gone with it.
  const before = await session.fetch('/api/whoami/', { park: false });
  if (csrfInSession) sessionToken = (await before.json()).csrf;
  const response = await session.fetch('/accounts/login/', {
    method: 'POST',
    body: new URLSearchParams({ username, password, next: '/api/whoami/', csrfmiddlewaretoken: csrfToken() }),
    park: false, // the sign-in itself must not wait for a sign-in
  });
  record.loginAnswers.push({ status: response.status, ok: response.ok, url: response.url });
  const signedIn = response.redirected && new URL(response.url).pathname === '/api/whoami/';
  if (!signedIn) throw new Error(response.ok ? 'Wrong username or password.' : 'Sign-in failed. Try again.');
  const answer = await response.json();
  if (csrfInSession) sessionToken = answer.csrf;
  record.signIns.push(Date.now());
  return { user: answer.user };
}

function saveJson(text) {
  return session.fetch('/api/notes/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken() },
    body: JSON.stringify({ text }),
  });
}

function saveForm(text) {
  return session.fetch('/notes/', { method: 'POST', body: new URLSearchParams({ text, csrfmiddlewaretoken: csrfToken() }) });
}

function SignIn({ onSignedIn }) {
  const [error, setError] = useState('');
  async function submit(event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    try {
      const { user } = await login({ username: data.get('username'), password: data.get('password') });
      await session.resume({ user });
      onSignedIn(user);
    } catch (failure) {
      setError(failure.message);
    }
  }
  return h(
    'form',
    { onSubmit: submit, 'aria-label': 'Sign in to Notes' },
    h('label', null, 'Your username ', h('input', { name: 'username', autoComplete: 'username' })),
    h('label', null, 'Your password ', h('input', { name: 'password', type: 'password', autoComplete: 'current-password' })),
    h('button', { type: 'submit' }, 'Sign in to Notes'),
    h('p', { role: 'alert' }, error),
  );
}

function Notes() {
  const [text, setText] = useState('');
  const [said, setSaid] = useState('');
  async function save(send) {
    setSaid('Saving…');
    try {
      const response = await send(text);
      setSaid(response.ok ? 'Saved' : `Not saved (${response.status})`);
    } catch (failure) {
      setSaid(`Not saved (${failure.message})`);
    }
  }
  record.save = (via, value) => (via === 'form' ? saveForm : saveJson)(value);
  return h(
    'main',
    null,
    h('h1', null, 'Notes'),
    h('label', null, 'Note ', h('textarea', { value: text, onChange: (event) => setText(event.target.value) })),
    h('button', { type: 'button', onClick: () => save(saveJson) }, 'Save'),
    h('button', { type: 'button', onClick: () => save(saveForm) }, 'Save as form'),
    h('p', { role: 'status' }, said),
  );
}

function App() {
  const [user, setUser] = useState(who.user);
  return h(
    SessionProvider,
    { session },
    user === null ? h(SignIn, { onSignedIn: setUser }) : h(Notes),
    h(SessionTimeoutDialog),
    h(ReloginModal, { onRelogin: login }),
  );
}

createRoot(document.getElementById('root')).render(h(App));
