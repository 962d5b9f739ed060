// A tiny server for the journey: the built app from dist/, and an API that speaks the protocol
// (Session-Expires on every 2xx, 440 once the session is gone, POST keepalive, POST /api/login).
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
export const PASSWORD = 'correct horse';

export function startServer(root) {
  const state = { signedIn: true, nextId: 1, log: [] };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let body = '';
    for await (const chunk of req) body += chunk;
    const send = (status, data, headers = {}) => {
      const text = data === undefined ? '' : JSON.stringify(data);
      res.writeHead(status, { 'Cache-Control': 'no-store', ...(text ? { 'Content-Type': 'application/json' } : {}), ...headers });
      res.end(text);
    };
    const fresh = { 'Session-Expires': '3600' };

    if (url.pathname.startsWith('/api/')) {
      const entry = { method: req.method, path: url.pathname, body, status: 0 };
      state.log.push(entry);
      const answer = (status, data, headers) => {
        entry.status = status;
        send(status, data, headers);
      };
      if (req.method !== 'POST') return answer(405, { error: 'POST only' });
      if (url.pathname === '/api/login') {
        const { username, password } = JSON.parse(body || '{}');
        if (username !== 'ada' || password !== PASSWORD) return answer(401, { error: 'wrong credentials' });
        state.signedIn = true;
        return answer(200, { user: username }, fresh);
      }
      if (!state.signedIn) return answer(440, { error: 'Login Timeout' });
      if (url.pathname === '/api/session/keepalive') return answer(204, undefined, fresh);
      if (url.pathname === '/api/notes') {
        const { title, text } = JSON.parse(body);
        return answer(200, { id: state.nextId++, title, text }, fresh);
      }
      return answer(404, { error: 'not found' });
    }

    const path = normalize(url.pathname === '/' ? '/index.html' : url.pathname);
    try {
      const file = await readFile(join(root, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(file);
    } catch {
      res.writeHead(404).end('not found');
    }
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        state,
        /** The server forgets the session, as after its own timeout or a restart. */
        expire: () => {
          state.signedIn = false;
        },
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
