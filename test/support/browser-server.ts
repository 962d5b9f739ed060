// Vitest globalSetup for the browser project: one protocol server on 127.0.0.1 for the whole run.
// The page runs on Vitest's own origin, so every call to it is cross-origin (CORS, exposed headers);
// `sameOriginRoute()` relays /__same-origin/* on the page's own origin to it, redirects unfollowed.
import { request as httpRequest } from 'node:http';

import type { Plugin } from 'vite';
import type { TestProject } from 'vitest/node';

import { startTestServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
  }
}

const PREFIX = '/__same-origin';
// The Vite plugin and this globalSetup are loaded apart, in the same process: the URL goes by env.
const API_URL_ENV = 'SESSION_TIMEOUT_TEST_API_URL';

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  process.env[API_URL_ENV] = server.url;
  project.provide('apiUrl', server.url);
  return () => server.close();
}

/** A route on the page's own origin (Vitest's server): `${PREFIX}/api/x` is the protocol server's `/api/x`. */
export function sameOriginRoute(): Plugin {
  return {
    name: 'session-timeout-same-origin-route',
    configureServer(vite) {
      vite.middlewares.use(PREFIX, (request, response) => {
        const target = new URL(request.url ?? '/', process.env[API_URL_ENV]);
        const headers = { ...request.headers, host: target.host };
        const relay = httpRequest(target, { method: request.method, headers }, (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        });
        relay.on('error', () => response.writeHead(502).end());
        request.pipe(relay);
      });
    },
  };
}
