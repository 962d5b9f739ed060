import { cookies } from 'next/headers';

import { startSession } from '../../sessions';

/** Signs in: the right password for every name is "secret"; sets the session cookie. */
export async function POST(request: Request) {
  const { username, password } = (await request.json()) as { username: string; password: string };
  if (password !== 'secret') return Response.json({ error: 'Wrong username or password.' }, { status: 401 });
  startSession(username);
  (await cookies()).set('session', username, { httpOnly: true, sameSite: 'lax', path: '/' });
  return Response.json({ user: username });
}
