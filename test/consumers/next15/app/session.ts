// app/session.ts: the session, and Next's router connected to it
'use client';
import { createSession, type Credentials } from 'react-session-timeout';
import { connectNextRouter } from 'react-session-timeout/next';

export const session = createSession({
  idleTimeout: 15 * 60_000,
  keepalive: '/api/keepalive',
  user: 'ada',
  expiredStatuses: [440, 401], // 401: a Server Action's unauthorized() (app/notes/actions.ts)
});
connectNextRouter(session);

/** Signs in again from the re-login modal (app/api/login/route.ts sets the session cookie). */
export async function login({ username, password }: Credentials) {
  const response = await session.fetch('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
    park: false, // the sign-in itself must not wait for a sign-in
  });
  if (!response.ok) throw new Error(response.status === 401 ? 'Wrong username or password.' : 'Sign-in failed. Try again.');
  return { user: username };
}
