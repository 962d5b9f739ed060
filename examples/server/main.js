// `npm run demo`: builds the page and serves it with the reference server on 127.0.0.1.
//   PORT (default 3000; 0 picks a free one)  SESSION_TTL (s, default 60)  IDLE_TIMEOUT (s, default 40)
//   WARNING_BEFORE (s, default 20)  KEEPALIVE_INTERVAL (s, default 10)  REDIS_URL  IIS=1
//   --no-build serves an existing build (DIST, default examples/dist)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createApp, DEMO_USER } from './app.js';
import { buildClient } from './build-client.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
/** @type {(name: string, fallback: number) => number} */
const seconds = (name, fallback) => (env[name] ? Number(env[name]) : fallback);

let distDir = env.DIST ?? path.join(examples, 'dist');
if (!process.argv.includes('--no-build')) distDir = await buildClient(distDir);

const { app, close } = await createApp({
  ttlSeconds: seconds('SESSION_TTL', 60),
  idleSeconds: seconds('IDLE_TIMEOUT', 40),
  warningSeconds: seconds('WARNING_BEFORE', 20),
  keepaliveSeconds: seconds('KEEPALIVE_INTERVAL', 10),
  redisUrl: env.REDIS_URL || undefined,
  iis: env.IIS === '1',
  allowOrigin: env.ALLOW_ORIGIN,
  name: env.SERVER_NAME,
  distDir,
});

const server = app.listen(Number(env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const store = env.REDIS_URL ? `Redis at ${env.REDIS_URL}` : 'memory';
  console.log(`http://127.0.0.1:${port}`);
  if (!env.QUIET) {
    console.log(`  sign in as ${DEMO_USER.username} / ${DEMO_USER.password}`);
    console.log(`  session store: ${store}${env.IIS === '1' ? ', IIS mode (302 to /Account/Login)' : ''}`);
    console.log(`  server session ${seconds('SESSION_TTL', 60)} s (sliding), idle timeout ${seconds('IDLE_TIMEOUT', 40)} s`);
  }
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  void close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
