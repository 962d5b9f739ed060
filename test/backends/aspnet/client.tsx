// The page the ASP.NET app serves (bundled by run.sh from the packed library): a sign-in form, a
// note the person types and saves through session.fetch with AntiForgery's token, the warning and
// the re-login modal. ?signal=redirect|440|401 picks the client options for the server's way of
// saying the session is over. window.__rst records what the test reads from the page (lib/page).
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createSession, ReloginForm, ReloginModal, SessionProvider, SessionTimeoutDialog, useSession, type Credentials } from 'react-session-timeout';
import { recordSession } from '../lib/page/record-session.ts';

const signal = new URLSearchParams(location.search).get('signal') ?? 'redirect';

/** AntiForgery's request token, bound to who is signed in: read again after each sign-in. */
let csrfToken = '';
async function readCsrfToken(): Promise<string> {
  const response = await fetch('/api/csrf.ashx', { cache: 'no-store' });
  if (!response.ok || response.redirected) throw new Error(`No CSRF token (${response.status}).`);
  csrfToken = ((await response.json()) as { token: string }).token;
  return csrfToken;
}

export const session = createSession({
  idleTimeout: 10 * 60_000, // longer than the ticket: the server's minute decides
  initialStatus: 'signedOut',
  keepalive: { url: '/api/keepalive.ashx', headers: () => ({ 'X-CSRF-Token': csrfToken }) },
  // (1) the stock 302 to Login.aspx; (2) the 440 the app writes; (3) the 401 it keeps.
  redirectMeansExpired: signal === 'redirect' ? '/Login.aspx' : false,
  expiredStatuses: signal === '401' ? [401] : [440],
  async prepareReplay(request) {
    const headers = new Headers(request.headers);
    headers.set('X-CSRF-Token', await readCsrfToken());
    return new Request(request, { headers });
  },
});
const recorder = recordSession(session);
recorder.exposeSave(save);

/** Signs in. Forms authentication turns the handler's 401 into a redirect to Login.aspx, which fetch follows to a 200: only the handler's own OK answer is a sign-in. */
export async function login({ username, password }: Credentials) {
  const response = await session.fetch('/api/login.ashx', { method: 'POST', body: new URLSearchParams({ username, password }), park: false });
  if (!response.ok || response.redirected) throw new Error('Wrong username or password.');
  await readCsrfToken();
  recorder.signedIn();
  return { user: username };
}

async function save(note: string): Promise<string> {
  const response = await session.fetch('/api/notes.ashx', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
    body: JSON.stringify({ note }),
  });
  if (!response.ok) throw new Error(`Saving failed (${response.status}).`);
  return ((await response.json()) as { saved: string }).saved;
}

function Notes() {
  const status = useSession((snapshot) => snapshot.status);
  const [note, setNote] = useState('');
  const [result, setResult] = useState('');
  if (status === 'signedOut') return <ReloginForm onRelogin={login} autoFocus />;
  return (
    <main>
      <h1>Notes</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setResult('Saving…');
          save(note).then(
            (saved) => setResult(`Saved: ${saved}`),
            (error: unknown) => setResult(String(error)),
          );
        }}
      >
        <label>
          Note <textarea name="note" value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        <button type="submit">Save</button>
      </form>
      <p role="status">{result}</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider session={session}>
      <Notes />
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={login} />
    </SessionProvider>
  </StrictMode>,
);
