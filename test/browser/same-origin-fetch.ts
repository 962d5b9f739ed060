// The fetch the recipes' sessions send with in the browser tests: same-origin /api/* goes to the
// loopback protocol server through the page's /__same-origin route (test/support/browser-server.ts),
// so the default shouldPark (same origin) applies as it would in the app.
export async function toTestServer(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = request.url.replace(`${location.origin}/api/`, `${location.origin}/__same-origin/api/`);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return fetch(url, { method: request.method, headers: request.headers, body, signal: request.signal, redirect: request.redirect });
}
