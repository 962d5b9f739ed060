// A real HTTP server on 127.0.0.1 that speaks the session protocol, for the network tests.
// Every API request answers 440 Login Timeout while the server session is gone; POST /login
// brings it back. /__control/* lets a browser test steer it over HTTP (CORS allowed).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createYoga } from 'graphql-yoga';

import { schema, type Context as GraphQLContext } from '../browser/graphql/schema.ts';
import { appRouter, type Context } from '../browser/trpc/router.ts';
import { listenOnLoopback } from './loopback.ts';

interface ReceivedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** Whose session carried it out (set when accepted). */
  user?: string;
}

export interface TestServer {
  url: string;
  /** Every request that reached the server, including the refused ones. */
  readonly hits: ReceivedRequest[];
  /** API requests the server carried out (answered 2xx; not /login), in the order it finished them. */
  readonly accepted: ReceivedRequest[];
  /** The server session ends: API requests answer 440 (or redirect to the login page, see `style`). */
  expire(): void;
  signIn(): void;
  /** How an ended session answers: IIS status 440, or forms authentication's 302 to the login page. */
  style: '440' | 'redirect';
  /** Seconds in the Session-Expires header of successful answers; null sends none. */
  expiresIn: number | null;
  /** Who signed in last (POST /login's body; 'ada' by default): /api/notes is that person's list. */
  user: string;
  /** Lets requests sent with `?hold=<name>` answer (they wait until then). */
  release(name: string): void;
  reset(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

/**
 * Each person's notes as a reset leaves them: GET /api/notes lists the signed-in person's, POST adds
 * one (the body as text, or a JSON body's `note`); the tRPC router at /api/trpc (docs/trpc.md) and
 * the GraphQL server at /api/graphql (docs/graphql.md) have the same notes.
 */
const firstNotes = () =>
  new Map([
    ['ada', ['Lunch with Grace']],
    ['bob', ['Tickets to Lyon']],
  ]);

export async function startTestServer(): Promise<TestServer> {
  let alive = true;
  let notes = firstNotes();
  const held = new Map<string, Promise<void>>();
  const releases = new Map<string, () => void>();
  const holdFor = (name: string) => {
    if (!held.has(name)) held.set(name, new Promise<void>((resolve) => releases.set(name, resolve)));
    return held.get(name)!;
  };
  const notesOfSignedIn: Context['notes'] = {
    list: () => notes.get(state.user) ?? [],
    add(note) {
      const list = [...(notes.get(state.user) ?? []), note];
      notes.set(state.user, list);
      return list;
    },
  };
  const state: TestServer = {
    url: '',
    hits: [],
    accepted: [],
    style: '440',
    expiresIn: 900,
    user: 'ada',
    expire: () => {
      alive = false;
    },
    signIn: () => {
      alive = true;
    },
    release(name) {
      void holdFor(name);
      releases.get(name)!();
    },
    reset() {
      alive = true;
      for (const release of releases.values()) release();
      held.clear();
      releases.clear();
      state.hits.length = 0;
      state.accepted.length = 0;
      state.style = '440';
      state.expiresIn = 900;
      state.user = 'ada';
      notes = firstNotes();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function cors(request: IncomingMessage, response: ServerResponse) {
    const origin = request.headers.origin;
    if (!origin) return;
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    response.setHeader('Access-Control-Expose-Headers', 'Session-Expires, Date');
    response.setHeader('Vary', 'Origin');
  }

  function json(response: ServerResponse, status: number, body: unknown) {
    if (status < 300 && state.expiresIn !== null) response.setHeader('Session-Expires', String(state.expiresIn));
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    cors(request, response);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      response.setHeader('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? '*');
      response.writeHead(204).end();
      return;
    }
    const body = await readBody(request);
    const received: ReceivedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname + url.search,
      contentType: request.headers['content-type'],
      body,
      headers: request.headers,
    };

    if (url.pathname.startsWith('/__control/')) {
      const action = url.pathname.slice('/__control/'.length);
      if (action === 'expire') state.expire();
      else if (action === 'reset') state.reset();
      else if (action === 'style') state.style = body === 'redirect' ? 'redirect' : '440';
      json(response, 200, action === 'received' ? { hits: state.hits, accepted: state.accepted } : { ok: true });
      return;
    }

    state.hits.push(received);
    const aliveOnArrival = alive;
    const delay = Number(url.searchParams.get('delay') ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const hold = url.searchParams.get('hold');
    if (hold) await holdFor(hold);
    if (url.pathname === '/login') {
      state.signIn();
      state.user = body || 'ada';
      json(response, 200, { user: body || 'ada' });
      return;
    }
    if (url.pathname === '/Account/Login') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<form>Sign in</form>');
      return;
    }
    if (url.pathname === '/api/graphql') {
      // A GraphQL server says the session ended in its body (200, UNAUTHENTICATED), not with a 440.
      await answerWithGraphQL(received, response, aliveOnArrival);
      return;
    }
    if (!aliveOnArrival) {
      if (state.style === 'redirect') {
        // Absolute, as SSO gateways send it: through the page's same-origin route it is another origin.
        response.writeHead(302, { Location: `${state.url}/Account/Login?ReturnUrl=${encodeURIComponent(url.pathname)}` }).end();
      } else {
        response.writeHead(440, { 'Content-Type': 'text/plain' }).end('Login Timeout');
      }
      return;
    }
    state.accepted.push({ ...received, user: state.user });
    if (url.pathname === '/api/prg' && received.method === 'POST') {
      // Post/redirect/get, as Django's and ASP.NET's views answer a successful form POST.
      response.writeHead(302, { Location: '/orders/1/' }).end();
      return;
    }
    if (url.pathname === '/api/notes') {
      const asJson = received.contentType?.startsWith('application/json');
      if (received.method !== 'POST') json(response, 200, notesOfSignedIn.list());
      else json(response, 201, notesOfSignedIn.add(asJson ? String((JSON.parse(body) as { note: unknown }).note) : body));
      return;
    }
    if (url.pathname.startsWith('/api/trpc/')) {
      await answerWithTrpc(received, response);
      return;
    }
    json(response, 200, { method: received.method, path: received.path, body });
  };
  /** The request as a fetch Request, for the servers that take one (tRPC's fetch adapter, graphql-yoga). */
  function asFetchRequest(received: ReceivedRequest) {
    const hasBody = received.method !== 'GET' && received.method !== 'HEAD';
    const headers: Record<string, string> = received.contentType ? { 'Content-Type': received.contentType } : {};
    if (typeof received.headers.accept === 'string') headers.Accept = received.headers.accept;
    return new Request(`http://127.0.0.1${received.path}`, {
      method: received.method,
      headers,
      body: hasBody ? Buffer.from(received.body, 'latin1') : undefined,
    });
  }
  async function send(answer: Response, response: ServerResponse) {
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  }

  /** A real tRPC server (its fetch adapter) behind the same 440 as the rest of the API. */
  async function answerWithTrpc(received: ReceivedRequest, response: ServerResponse) {
    const answer = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: asFetchRequest(received),
      router: appRouter,
      createContext: () => ({ notes: notesOfSignedIn }),
    });
    if (answer.status < 300 && state.expiresIn !== null) response.setHeader('Session-Expires', String(state.expiresIn));
    await send(answer, response);
  }

  const yoga = createYoga<GraphQLContext>({ schema, graphqlEndpoint: '/api/graphql', logging: false });
  /** A real GraphQL server (graphql-yoga): what it carried out counts as accepted, an UNAUTHENTICATED answer does not. */
  async function answerWithGraphQL(received: ReceivedRequest, response: ServerResponse, signedIn: boolean) {
    const answer = await yoga.fetch(asFetchRequest(received), { signedIn, notes: notesOfSignedIn });
    if (signedIn) {
      state.accepted.push({ ...received, user: state.user });
      if (state.expiresIn !== null) response.setHeader('Session-Expires', String(state.expiresIn));
    }
    await send(answer, response);
  }
  const server = createServer((request, response) => void handle(request, response));

  state.url = await listenOnLoopback(server);
  return state;
}
