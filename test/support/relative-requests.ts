/**
 * The jsdom pitfall of fetch clients: jsdom's Request is Node's, which refuses a relative URL
 * ("Failed to parse URL from /api/notes"), where a browser resolves it against the page. RTK
 * Query's fetchBaseQuery builds `new Request('/api/notes')`, and session.fetch makes a Request of
 * what it is given: with this, both do as in a browser. Returns the function that puts Node's back.
 */
export function resolveRelativeRequests(): () => void {
  const NodeRequest = globalThis.Request;
  globalThis.Request = class extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, location.href) : input, init);
    }
  };
  return () => void (globalThis.Request = NodeRequest);
}
