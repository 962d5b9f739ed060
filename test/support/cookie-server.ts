// A real cookie-session server on 127.0.0.1 for the end-to-end tests: the page and the API share
// one origin, as in a real app. POST /login starts a session for a user (an HttpOnly `sid` cookie);
// API routes answer 440 Login Timeout for an unknown or dead sid, 2xx otherwise, and every request
// is recorded with the user it was received as (read from its cookie) and its body.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback.ts';

interface CookieSession {
  readonly sid: string;
  readonly user: string;
  /** Epoch ms after which the session is gone (sliding: every carried-out request moves it). */
  expiresAt: number;
  /** False once killed (`kill`, POST /logout). */
  alive: boolean;
}

interface ReceivedRequest {
  method: string;
  path: string;
  body: string;
  /** The user of the session its `sid` cookie named when it ARRIVED (dead or alive), or null: no or unknown cookie. */
  user: string | null;
  /** Whether that session was alive when the request arrived. */
  alive: boolean;
  /** The status it was answered with; undefined while it waits (delayed or held). */
  status?: number;
  /** Epoch ms of arrival and answer. */
  at: number;
  answeredAt?: number;
}

export interface CookieServerOptions {
  /** The page script (an esbuild bundle) served at /harness.js. */
  script: string;
}

export interface CookieServer {
  origin: string;
  /** Every request to /login, /logout and /api/*, in order of arrival. */
  readonly received: ReceivedRequest[];
  readonly sessions: Map<string, CookieSession>;
  /** Seconds in `Session-Expires` of successful answers, and the sessions' sliding lifetime. */
  expiresIn: number;
  /** The server session ends: every live session (of `user`, when given) is dead from now on. */
  kill(user?: string): void;
  /** Lets requests sent with `?hold=<name>` answer (they wait until then). */
  release(name: string): void;
  /** Requests with this body (and path, when given). */
  find(body: string, path?: string): ReceivedRequest[];
  /** Forget sessions and records; release every held request. */
  reset(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

const PAGE = '<!doctype html><html lang="en"><title>loading</title><script type="module" src="/harness.js"></script><p>app</p></html>';

export async function startCookieServer({ script }: CookieServerOptions): Promise<CookieServer> {
  const releases = new Map<string, { promise: Promise<void>; release: () => void }>();
  const holdFor = (name: string) => {
    let entry = releases.get(name);
    if (!entry) {
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      entry = { promise, release };
      releases.set(name, entry);
    }
    return entry;
  };

  const state: CookieServer = {
    origin: '',
    received: [],
    sessions: new Map(),
    expiresIn: 900,
    kill(user) {
      for (const session of state.sessions.values()) if (user === undefined || session.user === user) session.alive = false;
    },
    release: (name) => holdFor(name).release(),
    find: (body, path) => state.received.filter((r) => r.body === body && (path === undefined || r.path.split('?')[0] === path)),
    reset() {
      for (const { release } of releases.values()) release();
      releases.clear();
      state.sessions.clear();
      state.received.length = 0;
      state.expiresIn = 900;
    },
    close: () =>
      new Promise((resolve) => {
        for (const { release } of releases.values()) release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const isAlive = (session: CookieSession | undefined): session is CookieSession => session !== undefined && session.alive && Date.now() < session.expiresAt;

  function answer(response: ServerResponse, record: ReceivedRequest, status: number, body?: unknown, session?: CookieSession) {
    if (response.destroyed) return; // the page went away while it waited
    if (status < 300 && session) {
      session.expiresAt = Date.now() + state.expiresIn * 1000; // sliding expiry
      response.setHeader('Session-Expires', String(state.expiresIn));
    }
    response.setHeader('Cache-Control', 'no-store');
    record.status = status;
    record.answeredAt = Date.now();
    if (body === undefined) response.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 440 ? 'Login Timeout' : '');
    else response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/harness.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(script);
      return;
    }
    if (url.pathname === '/app') {
      response.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' }).end(PAGE);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }

    const at = Date.now();
    const body = await readBody(request);
    const sid = cookie(request, 'sid');
    const session = sid === undefined ? undefined : state.sessions.get(sid);
    const record: ReceivedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname + url.search,
      body,
      user: session?.user ?? null,
      alive: isAlive(session),
      at,
    };
    state.received.push(record);

    if (url.pathname === '/login' && request.method === 'POST') {
      const user = body.trim() || 'ada';
      const created: CookieSession = { sid: randomBytes(16).toString('hex'), user, expiresAt: 0, alive: true };
      state.sessions.set(created.sid, created);
      response.setHeader('Set-Cookie', `sid=${created.sid}; HttpOnly; SameSite=Lax; Path=/`);
      answer(response, record, 200, { user }, created);
      return;
    }
    if (url.pathname === '/logout' && request.method === 'POST') {
      if (session) session.alive = false;
      response.setHeader('Set-Cookie', 'sid=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0');
      answer(response, record, 204);
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      answer(response, record, 404);
      return;
    }
    // The session is judged on arrival: a dead one answers at once, whatever the route.
    if (!isAlive(session)) {
      answer(response, record, 440);
      return;
    }
    const delay = Number(url.searchParams.get('delay') ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const hold = url.searchParams.get('hold');
    if (hold) await holdFor(hold).promise;
    if (!isAlive(session)) {
      answer(response, record, 440); // it ended while this request waited
      return;
    }
    answer(response, record, 200, { user: session.user, method: record.method, path: record.path, body }, session);
  };
  const server = createServer((request, response) => void handle(request, response));

  state.origin = await listenOnLoopback(server);
  return state;
}
