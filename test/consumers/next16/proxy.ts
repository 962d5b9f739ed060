// proxy.ts: the same, in Next 16
// The pages under /notes and their Server Actions need a live session (/plain: the same form with
// the router not connected, the test's control): without the session cookie, every request (a
// Server Action, a navigation, a prefetch, a page load) is answered 440 before anything runs.
import { sessionExpired } from 'react-session-timeout/next';

export function proxy(request: Request) {
  const signedIn = /(?:^|;\s*)session=/.test(request.headers.get('cookie') ?? '');
  if (!signedIn) return sessionExpired();
}

export const config = { matcher: ['/notes/:path*', '/plain/:path*'] };
