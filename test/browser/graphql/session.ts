// The session the GraphQL recipes (apollo/, urql/, as docs/graphql.md shows them) import in the
// browser test: the recipe's isExpired (expired.ts), and same-origin /api/* to the loopback
// protocol server through the page's /__same-origin route (test/support/browser-server.ts).
import { createSession } from '../../../src/index.ts';
import { sessionEndedInGraphQL } from './expired.ts';

async function toTestServer(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = request.url.replace(`${location.origin}/api/`, `${location.origin}/__same-origin/api/`);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return fetch(url, { method: request.method, headers: request.headers, body, signal: request.signal, redirect: request.redirect });
}

export const session = createSession({
  crossTab: false,
  idleTimeout: 60 * 60_000,
  activityEvents: [],
  user: 'ada',
  fetch: toTestServer,
  expiredStatuses: [440],
  isExpired: sessionEndedInGraphQL,
});
