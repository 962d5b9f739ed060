/**
 * What a keepalive the server refused tells the developer: development text only, so call
 * `adviseOnRefusal` under `process.env.NODE_ENV !== 'production'` (production drops this module).
 */
import { warnOnce } from './errors.ts';
import { keepaliveUrlOf, type KeepaliveTarget } from './keepalive.ts';

/**
 * A keepalive answered 403, 404 or 405: almost always a setup mistake (CSRF protection, a route that
 * does not exist yet), not a server that means "no". Warns once per `owner` (the session's keepalive)
 * and kind of refusal; other statuses say nothing.
 */
export function adviseOnRefusal(owner: object, target: KeepaliveTarget | null, status: number): void {
  if (target === null) return; // a `configure` removed the keepalive while this ping was out
  if (status === 403) {
    warnOnce(
      owner,
      'keepalive-403',
      'The server refused the keepalive (403 Forbidden): "Stay signed in" and the background pings cannot extend the session. ' +
        'CSRF protection is the usual cause: most server frameworks reject a POST without the CSRF token. Send it with the object form, ' +
        "keepalive: { url, headers: () => ({ 'X-CSRF-Token': token }) }, or ping in the function form, keepalive: (signal) => fetch(url, { method: 'POST', headers, signal }).",
    );
  } else if (status === 404 || status === 405) {
    const url = keepaliveUrlOf(target);
    const pinged = url === undefined ? 'The keepalive function' : `The keepalive URL ${JSON.stringify(url)}${resolvedIfRelative(url)}`;
    const cause =
      url === undefined
        ? 'Most likely the URL it calls has no route yet, or the route does not accept its method.'
        : status === 404
          ? `Most likely no route answers there yet.${/^([a-z][a-z\d+.-]*:|\/)/i.test(url) ? '' : ' Mind that a URL without a leading "/" is relative to the page, so it changes from page to page.'}`
          : 'The route exists but does not accept POST, the method the keepalive sends.';
    // Keyed by the URL too: a `configure` that sets another keepalive may meet another missing route.
    warnOnce(
      owner,
      `keepalive-${status} ${url ?? ''}`,
      `${pinged} answered ${status === 404 ? '404 Not Found' : '405 Method Not Allowed'}: "Stay signed in" and the background pings cannot extend the session. ` +
        `${cause} The server needs a route that answers ${url === undefined ? 'the request of the keepalive function' : 'a POST'} with a 2xx ` +
        '(204 No Content is enough) once it has extended the session, optionally with a Session-Expires header giving the new expiry (delta-seconds or an HTTP-date).',
    );
  }
}

/** " (https://app.example/api/keepalive)" where the URL as written is not the one fetch went to. */
function resolvedIfRelative(url: string): string {
  const page = globalThis.location?.href;
  if (typeof page !== 'string' || !/^https?:/i.test(page)) return ''; // no page to resolve against (Node, about:blank)
  const resolved = new URL(url, page).href;
  return resolved === url ? '' : ` (${resolved})`;
}
