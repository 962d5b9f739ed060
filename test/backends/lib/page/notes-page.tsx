// The Notes page the Django and PHP checks drive: a sign-in form, a note the person types, Save
// (JSON with the CSRF token in a header) and Save as form (a form body with the token in a field,
// answered with post/redirect/get), the warning and the re-login. The backend's client brings what
// is its own: where the token comes from, how a sign-in is told apart, and how the server says
// the session is over.
import { useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { ReloginModal, SessionProvider, SessionTimeoutDialog, type Credentials, type Session, type SessionOptions } from 'react-session-timeout';
import 'react-session-timeout/styles.css';
import type { recordSession } from './record-session.ts';

/** How this backend carries its CSRF token: a request header, a form field, and the token now (read at each use: sign-ins rotate it). */
export type Csrf = { header: string; field: string; token: () => string };

/** Who the server says is signed in as the page loads (the page's `who` script). */
export function readWho(): { user: string | null } {
  return JSON.parse(document.getElementById('who')!.textContent) as { user: string | null };
}

/** The session options both backends share: the server's minute decides, and the CSRF token goes with the keepalive and each replay. */
export function notesSessionOptions({ user, keepaliveUrl, csrf }: { user: string | null; keepaliveUrl: string; csrf: Csrf }): SessionOptions {
  return {
    idleTimeout: 10 * 60_000,
    warningBefore: 20_000,
    initialStatus: user === null ? 'signedOut' : 'active',
    user: user ?? undefined,
    keepalive: { url: keepaliveUrl, headers: () => ({ [csrf.header]: csrf.token() }) },
    // The parked request still carries the token of the session that ended: give it the new one,
    // in the header and in a form body.
    async prepareReplay(request) {
      const headers = new Headers(request.headers);
      if (headers.has(csrf.header)) headers.set(csrf.header, csrf.token());
      if (!headers.get('Content-Type')?.startsWith('application/x-www-form-urlencoded')) return new Request(request, { headers });
      const form = new URLSearchParams(await request.text());
      if (form.has(csrf.field)) form.set(csrf.field, csrf.token());
      return new Request(request, { headers, body: form });
    },
  };
}

type Login = (credentials: Credentials) => Promise<{ user: string }>;
type Save = (text: string) => Promise<Response>;
type NotesPage = {
  session: Session;
  recorder: ReturnType<typeof recordSession>;
  user: string | null;
  login: Login;
  csrf: Csrf;
  paths: { json: string; form: string };
};

/** Save and Save as form: the same note sent as JSON to `json`, and as a form to `form`. */
function notesSaves(session: Session, csrf: Csrf, { json, form }: { json: string; form: string }) {
  const saveJson: Save = (text) =>
    session.fetch(json, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [csrf.header]: csrf.token() },
      body: JSON.stringify({ text }),
    });
  const saveForm: Save = (text) => session.fetch(form, { method: 'POST', body: new URLSearchParams({ text, [csrf.field]: csrf.token() }) });
  return { saveJson, saveForm };
}

function SignIn({ login, session, onSignedIn }: { login: Login; session: Session; onSignedIn: (user: string) => void }) {
  const [error, setError] = useState('');
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    try {
      const { user } = await login({ username: String(data.get('username')), password: String(data.get('password')) });
      await session.resume({ user });
      onSignedIn(user);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }
  return (
    <form onSubmit={submit} aria-label="Sign in to Notes">
      <label>
        Your username <input name="username" autoComplete="username" />
      </label>
      <label>
        Your password <input name="password" type="password" autoComplete="current-password" />
      </label>
      <button type="submit">Sign in to Notes</button>
      <p role="alert">{error}</p>
    </form>
  );
}

function Notes({ saveJson, saveForm }: { saveJson: Save; saveForm: Save }) {
  const [text, setText] = useState('');
  const [said, setSaid] = useState('');
  async function save(send: Save) {
    setSaid('Saving…');
    try {
      const response = await send(text);
      setSaid(response.ok ? 'Saved' : `Not saved (${response.status})`);
    } catch (failure) {
      setSaid(`Not saved (${(failure as Error).message})`);
    }
  }
  return (
    <main>
      <h1>Notes</h1>
      <label>
        Note <textarea value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <button type="button" onClick={() => save(saveJson)}>
        Save
      </button>
      <button type="button" onClick={() => save(saveForm)}>
        Save as form
      </button>
      <p role="status">{said}</p>
    </main>
  );
}

/**
 * Renders the page, signed in as `user` or showing the sign-in form; `paths` are where Save (JSON)
 * and Save as form post. The scenario may save without the buttons too: __rst.save('json' | 'form', text).
 */
export function renderNotesPage({ session, recorder, user, login, csrf, paths }: NotesPage) {
  const { saveJson, saveForm } = notesSaves(session, csrf, paths);
  recorder.exposeSave((via: 'json' | 'form', text: string) => (via === 'form' ? saveForm : saveJson)(text));
  function App() {
    const [signedIn, setSignedIn] = useState(user);
    return (
      <SessionProvider session={session}>
        {signedIn === null ? <SignIn login={login} session={session} onSignedIn={setSignedIn} /> : <Notes saveJson={saveJson} saveForm={saveForm} />}
        <SessionTimeoutDialog />
        <ReloginModal onRelogin={login} />
      </SessionProvider>
    );
  }
  createRoot(document.getElementById('root')!).render(<App />);
}
