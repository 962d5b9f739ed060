import type { IncomingMessage, ServerResponse } from 'node:http';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The journey (dev.mjs) signs in with it.
const PASSWORD = 'correct horse';

/**
 * The app's API, served by the dev server itself: POST /api/login, POST /api/session/keepalive and
 * POST /api/save, which answers 440 Login Timeout once the session has ended. The test ends the
 * session with POST /__test/end-session and reads what the server saw from GET /__test/log.
 */
function api(): Plugin {
  let signedIn = true;
  let saved = 0;
  const log: { method: string; path: string; status: number }[] = [];

  return {
    name: 'consumer-api',
    configureServer(server) {
      server.middlewares.use(async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        if (!path.startsWith('/api/') && !path.startsWith('/__test/')) return next();
        let body = '';
        for await (const chunk of req) body += String(chunk);
        const answer = (status: number, data?: unknown) => {
          if (path.startsWith('/api/')) log.push({ method: req.method ?? '', path, status });
          res.writeHead(status, { 'Cache-Control': 'no-store', ...(data === undefined ? {} : { 'Content-Type': 'application/json' }) });
          res.end(data === undefined ? '' : JSON.stringify(data));
        };

        if (path === '/__test/log') return answer(200, log);
        if (req.method !== 'POST') return answer(405, { error: 'POST only' });
        if (path === '/__test/end-session') {
          signedIn = false;
          return answer(204);
        }
        if (path === '/api/login') {
          const { password } = JSON.parse(body || '{}') as { password?: string };
          if (password !== PASSWORD) return answer(401, { error: 'wrong credentials' });
          signedIn = true;
          return answer(200, { ok: true });
        }
        if (!signedIn) return answer(440, { error: 'Login Timeout' });
        if (path === '/api/session/keepalive') return answer(204);
        if (path === '/api/save') return answer(200, { saved: ++saved });
        return answer(404, { error: 'not found' });
      });
    },
  };
}

export default defineConfig({ plugins: [react(), api()] });
