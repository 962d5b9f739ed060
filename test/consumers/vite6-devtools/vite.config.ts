import type { IncomingMessage, ServerResponse } from 'node:http';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The journey (dev.mjs) signs in with it.
const PASSWORD = 'correct horse';

/**
 * The app's API, served by the dev server itself, doing the server's part as the README says:
 * POST /api/login, and behind it (440 Login Timeout once the session is gone, Session-Expires on
 * every authenticated answer) POST /api/session/keepalive, GET /api/session ({ user }) and
 * POST /api/save. The test ends the session with POST /__test/end-session and reads what the
 * server saw from GET /__test/log.
 */
function api(): Plugin {
  let user: string | null = 'ada';
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
        if (path === '/__test/end-session' && req.method === 'POST') {
          user = null;
          return answer(204);
        }
        if (path === '/api/login' && req.method === 'POST') {
          const { username, password } = JSON.parse(body || '{}') as { username?: string; password?: string };
          if (!username || password !== PASSWORD) return answer(401, { error: 'wrong credentials' });
          user = username;
          return answer(200, { user });
        }
        if (user === null) return answer(440, { error: 'Login Timeout' });
        res.setHeader('Session-Expires', '1200'); // 20 minutes, longer than the page's idleTimeout
        if (path === '/api/session' && req.method === 'GET') return answer(200, { user });
        if (path === '/api/session/keepalive' && req.method === 'POST') return answer(204);
        if (path === '/api/save' && req.method === 'POST') return answer(200, { saved: ++saved });
        return answer(404, { error: 'not found' });
      });
    },
  };
}

export default defineConfig({ plugins: [react(), api()] });
