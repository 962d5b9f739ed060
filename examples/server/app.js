// The reference server: what a backend does for react-session-timeout (wire protocol in
// docs/wire-protocol.md). Port it to your stack route by route:
//   POST /api/login               sign in (a new session id), 401 on wrong credentials
//   POST /api/logout              sign out
//   POST /api/session/keepalive   slides the session, answers 204 with Session-Expires
//   GET  /api/session             the status route: who and how long, does NOT slide
//   *    /api/...                 every answer has Session-Expires; 440 once the session is gone
// Everything under /demo is for the demo and its tests only.
import path from 'node:path';

import express from 'express';

import { createExpenses } from './expenses.js';
import { iisForms, LOGIN_PATH } from './iis.js';
import { createSessions, doNotSlide, secondsLeft } from './session.js';

/** The demo's only account. */
export const DEMO_USER = { username: 'ada', password: 'lovelace' };

/**
 * @typedef {object} ServerOptions
 * @property {number} ttlSeconds     server session lifetime, sliding (SESSION_TTL)
 * @property {number} idleSeconds    the page's idle timeout (IDLE_TIMEOUT), handed to the client
 * @property {number} warningSeconds how long before the end the warning opens (WARNING_BEFORE)
 * @property {number} keepaliveSeconds at most one keepalive per this many seconds (KEEPALIVE_INTERVAL)
 * @property {string} [redisUrl]     share sessions (and expenses) through Redis (REDIS_URL)
 * @property {boolean} [iis]         answer like IIS forms authentication: 302 to /Account/Login (IIS=1)
 * @property {string} [allowOrigin]  a page origin allowed to call the API cross-origin (ALLOW_ORIGIN)
 * @property {string} [name]         this process's name, in the X-Served-By header (cluster)
 * @property {string} [distDir]      the built client to serve
 */

/** @param {ServerOptions} options */
export async function createApp(options) {
  const sessions = await createSessions({
    ttlSeconds: options.ttlSeconds,
    redisUrl: options.redisUrl,
    secret: process.env.SESSION_SECRET ?? 'demo-only-secret',
  });
  const expenses = await createExpenses(options.redisUrl);
  /**
   * What this process received, for the demo's tests: never bodies, only the expense's reference.
   * @type {Array<{ at: number, method: string, path: string, status: number, user: string | null, ref: string | null, server: string | null }>}
   */
  const received = [];

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback'); // behind the demo's load balancer

  app.use((req, res, next) => {
    if (options.name) res.set('X-Served-By', options.name);
    const requestPath = req.path;
    res.on('finish', () => {
      if (requestPath.startsWith('/api/') || requestPath.startsWith('/Account/')) {
        received.push({
          at: Date.now(),
          method: req.method,
          path: requestPath,
          status: res.statusCode,
          user: res.locals.user ?? null,
          ref: typeof req.body?.ref === 'string' ? req.body.ref : null,
          server: options.name ?? null,
        });
      }
    });
    next();
  });

  // Cross-origin pages: the browser hides response headers unless they are exposed, and `Date`
  // is not CORS-safelisted. Without these two the client never sees the server's expiry.
  if (options.allowOrigin) {
    app.use('/api', (req, res, next) => {
      res.set({
        'Access-Control-Allow-Origin': options.allowOrigin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'Session-Expires, Date',
        Vary: 'Origin',
      });
      if (req.method === 'OPTIONS') {
        res.set({ 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'Content-Type' });
        return res.sendStatus(204);
      }
      next();
    });
  }

  app.use(express.json({ limit: '100kb' }));
  app.use(sessions.middleware);

  // Public: what the page needs before anyone signs in.
  app.get('/api/config', (_req, res) => {
    res.json({
      idleTimeout: options.idleSeconds,
      warningBefore: options.warningSeconds,
      keepaliveInterval: options.keepaliveSeconds,
      iis: Boolean(options.iis),
    });
  });

  app.post('/api/login', (req, res, next) => {
    const { username, password } = req.body ?? {};
    if (String(username).trim().toLowerCase() !== DEMO_USER.username || password !== DEMO_USER.password) {
      return res.status(401).json({ error: 'Wrong username or password.' });
    }
    // A new session id at every sign-in (no session fixation); the old session, if any, is gone.
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.user = DEMO_USER.username;
      res.locals.user = DEMO_USER.username;
      res.set('Session-Expires', String(options.ttlSeconds));
      res.json({ user: DEMO_USER.username });
    });
  });

  app.post('/api/logout', (req, res, next) => {
    req.session.destroy((error) => {
      if (error) return next(error);
      res.clearCookie('sid');
      res.sendStatus(204);
    });
  });

  // Every other API route needs a live session.
  const signedIn = options.iis ? iisForms : expiredIs440;
  app.use('/api', signedIn, (req, res, next) => {
    res.locals.user = req.session.user;
    // The status route reports without sliding; every other route slides the session now, so the
    // header below says the new expiry (express-session would touch it as the response ends).
    if (req.method === 'GET' && req.path === '/session') doNotSlide(req);
    else req.session.touch();
    res.set('Session-Expires', String(secondsLeft(req)));
    next();
  });

  // The keepalive: any authenticated request slides the session, so it only has to answer.
  app.post('/api/session/keepalive', (_req, res) => res.sendStatus(204));

  // The status route (the client's `revalidate`): read, never slide.
  app.get('/api/session', (req, res) => {
    const expires = req.session.cookie.expires;
    res.json({ user: req.session.user, expiresAt: expires ? expires.getTime() : null });
  });

  app.get('/api/expenses', async (req, res) => {
    res.json(await expenses.list(/** @type {string} */ (req.session.user)));
  });

  app.post('/api/expenses', async (req, res) => {
    const expense = req.body ?? {};
    if (!expense.merchant || !(Number(expense.amount) > 0)) return res.status(400).json({ error: 'A merchant and an amount are needed.' });
    const saved = await expenses.add(/** @type {string} */ (req.session.user), {
      ...expense,
      amount: Number(expense.amount),
      savedAt: Date.now(),
      server: options.name ?? null,
    });
    res.status(201).json(saved);
  });

  // IIS mode: the login page that the 302s point to (same origin, like an ASP.NET app's).
  app.get(LOGIN_PATH, (_req, res) => {
    res
      .type('html')
      .send('<!doctype html><title>Sign in</title><h1>Sign in</h1><p>IIS forms authentication sent you here. <a href="/">Back to the app</a></p>');
  });

  // Demo and test helpers, not part of the protocol.
  app.get('/demo/received', (_req, res) => res.json(received));
  app.post('/demo/end-session', (req, res) => {
    // Ends this browser's session in the store, as a server restart or an admin would, while the
    // page still believes it is signed in.
    if (!req.session.user) return res.sendStatus(204);
    req.session.destroy(() => res.sendStatus(204));
  });

  const distDir = options.distDir;
  if (distDir) {
    app.use(express.static(distDir, { index: 'index.html' }));
    app.get('/{*splat}', (_req, res) => res.sendFile(path.join(distDir, 'index.html')));
  }

  return { app, close: async () => Promise.all([sessions.close(), expenses.close()]) };
}

/**
 * The protocol's answer to a request without a live session: 440 Login Timeout, whether the
 * session expired (the browser drops the cookie with it), was signed out elsewhere, or lives in
 * another process's memory. Not 401: the client would take that for a wrong password.
 * @type {import('express').RequestHandler}
 */
function expiredIs440(req, res, next) {
  if (req.session.user) return next();
  res.statusMessage = 'Login Timeout';
  res.status(440).json({ error: 'Your session has ended. Sign in again.' });
}
