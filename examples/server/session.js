// The session: express-session (never a hand-written store) with a sliding expiry, kept in memory
// by default or in Redis (connect-redis 9) when REDIS_URL is set, so several processes share it.
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { createClient } from 'redis';

/**
 * @param {{ ttlSeconds: number, redisUrl?: string, secret: string }} options
 * @returns {Promise<{ middleware: import('express').RequestHandler, store: session.Store, close: () => Promise<void> }>}
 */
export async function createSessions({ ttlSeconds, redisUrl, secret }) {
  /** @type {session.Store} */
  let store;
  let close = async () => {};
  if (redisUrl) {
    const client = createClient({ url: redisUrl });
    client.on('error', (error) => console.error('redis:', error.message));
    await client.connect();
    // connect-redis sets each key's TTL from the cookie's expiry, and `touch` moves it: the store
    // slides with the cookie, so an idle session disappears from Redis on its own.
    store = new RedisStore({ client, prefix: 'expenses:sess:' });
    close = async () => {
      await client.close();
    };
  } else {
    // express-session's MemoryStore: one process only. Two processes behind a load balancer each
    // have their own, which is the classic cause of 440s right after signing in (demo:cluster).
    store = new session.MemoryStore();
  }

  const middleware = session({
    name: 'sid',
    secret,
    store,
    resave: false, // the store's `touch` slides the expiry; no need to rewrite unchanged sessions
    saveUninitialized: false, // no session (and no cookie) until someone signs in
    rolling: true, // sliding expiry: every response that goes through the middleware renews the cookie
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: ttlSeconds * 1000 },
  });
  return { middleware, store, close };
}

/**
 * Keeps this request from sliding the session (the status route: asking must not keep an idle
 * person signed in). express-session calls `req.session.touch()` as the response ends; a no-op
 * `touch` on this one session object leaves `cookie.expires`, the store's TTL and the cookie as
 * they were. (Not enumerable, so it is never saved into the store.)
 * @param {import('express').Request} req
 */
export function doNotSlide(req) {
  Object.defineProperty(req.session, 'touch', { value: () => req.session, enumerable: false });
}

/**
 * Seconds until this session expires, for the `Session-Expires` header.
 * @param {import('express').Request} req
 */
export function secondsLeft(req) {
  const expires = req.session.cookie.expires;
  return expires ? Math.max(0, Math.ceil((expires.getTime() - Date.now()) / 1000)) : 0;
}
