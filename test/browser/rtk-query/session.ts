// The session the recipe (api.ts, Notes.tsx, as docs/rtk-query.md shows them) imports in the
// browser test: same-origin /api/* goes to the loopback protocol server through the page's
// /__same-origin route (test/support/browser-server.ts), so the default shouldPark applies.
import { createSession } from '../../../src/index.ts';

async function toTestServer(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = request.url.replace(`${location.origin}/api/`, `${location.origin}/__same-origin/api/`);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return fetch(url, { method: request.method, headers: request.headers, body, signal: request.signal, redirect: request.redirect });
}

export const session = createSession({ crossTab: false, idleTimeout: 60 * 60_000, activityEvents: [], user: 'ada', fetch: toTestServer });
