// The app's one session, made from what the server says (GET /api/config): its timeouts come from
// the server's environment, so SESSION_TTL and IDLE_TIMEOUT change both ends at once.
import { createSession, type Credentials, type Session } from 'react-session-timeout';

export interface ServerConfig {
  idleTimeout: number; // seconds
  warningBefore: number; // seconds
  keepaliveInterval: number; // seconds
  iis: boolean;
}

/** `user`: who the server says is signed in (GET /api/session), or null on the sign-in page. */
export function createAppSession(config: ServerConfig, user: string | null): Session {
  return createSession({
    idleTimeout: config.idleTimeout * 1000,
    warningBefore: config.warningBefore * 1000,
    keepalive: '/api/session/keepalive', // POSTed while the person works: the server session slides too
    keepaliveInterval: config.keepaliveInterval * 1000,
    revalidate: '/api/session', // asked when a long-hidden tab is shown again; never slides
    signOut: () => fetch('/api/logout', { method: 'POST' }),
    initialStatus: user ? 'active' : 'signedOut',
    ...(user ? { user } : {}),
    // IIS forms authentication answers an expired session with a 302 to its login page, not a 440.
    ...(config.iis && {
      redirectMeansExpired: true, // parked requests go out with redirect: 'manual'; the redirect means expired
      isExpired: (res: Response) => res.redirected && new URL(res.url).pathname === '/Account/Login', // the keepalive follows it
    }),
  });
}

/** Signs in (the sign-in page and the re-login modal). Rejects with the message to show. */
export async function login(fetch: Session['fetch'], { username, password }: Credentials): Promise<{ user: string }> {
  const response = await fetch('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
    park: false, // the sign-in must not wait for a sign-in
  });
  if (!response.ok) throw new Error(response.status === 401 ? 'Wrong username or password.' : 'Sign-in failed. Try again.');
  const { user } = (await response.json()) as { user: string };
  return { user };
}
