// The page's script for Django, bundled by run.sh against the PACKED library: the shared Notes page
// (lib/page) with what is Django's own: the CSRF token (the X-CSRFToken header, the
// csrfmiddlewaretoken field), LoginView's way of answering a sign-in, and @login_required's redirect
// to /accounts/login/ as the session's end.
import { createSession } from 'react-session-timeout';
import { notesSessionOptions, readWho, renderNotesPage } from '../lib/page/notes-page.tsx';
import { recordSession } from '../lib/page/record-session.ts';

const who = readWho();
const csrfInSession = document.documentElement.dataset.csrf === 'session';

// Django rotates the CSRF token at sign-in, so it is read at each use: from the `csrftoken` cookie,
// or (CSRF_USE_SESSIONS) from the page and then from each sign-in's answer.
let sessionToken = document.querySelector('meta[name="csrf-token"]').content;
const csrf = {
  header: 'X-CSRFToken',
  field: 'csrfmiddlewaretoken',
  token: () => (csrfInSession ? sessionToken : (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/)?.[1] ?? '')),
};

const session = createSession({
  ...notesSessionOptions({ user: who.user, keepaliveUrl: '/api/session/keepalive/', csrf }),
  redirectMeansExpired: '/accounts/login/',
});
const recorder = recordSession(session);

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
    body: new URLSearchParams({ username, password, next: '/api/whoami/', csrfmiddlewaretoken: csrf.token() }),
    park: false, // the sign-in itself must not wait for a sign-in
  });
  recorder.loginAnswered(response);
  const signedIn = response.redirected && new URL(response.url).pathname === '/api/whoami/';
  if (!signedIn) throw new Error(response.ok ? 'Wrong username or password.' : 'Sign-in failed. Try again.');
  const answer = await response.json();
  if (csrfInSession) sessionToken = answer.csrf;
  recorder.signedIn();
  return { user: answer.user };
}

renderNotesPage({ session, recorder, user: who.user, login, csrf, paths: { json: '/api/notes/', form: '/notes/' } });
