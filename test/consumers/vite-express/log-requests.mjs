// Preloaded into the README's server (`node --import ../log-requests.mjs server.mjs`), which it does
// not change: each answer the server process sent (method, path, status, Session-Expires, whether it set the cookie, body), as one `RST-REQUEST {json}` line on its stdout,
// and `RST-LISTENING <port>` once it listens. journey.mjs counts from these lines what the server
// itself saw (the save replayed once), not what the page or the proxy believes.
import http from 'node:http';

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const [request, response] = args;
    const { method, url } = request; // before express's routing rewrites url inside app.use('/api')
    let body = '';
    for (const name of ['write', 'end']) {
      const original = response[name];
      response[name] = function (chunk, ...rest) {
        if (typeof chunk === 'string' || chunk instanceof Uint8Array) body += Buffer.from(chunk).toString('utf8');
        return original.call(this, chunk, ...rest);
      };
    }
    response.once('finish', () => {
      const sessionExpires = response.getHeader('session-expires') ?? null;
      const setCookie = response.hasHeader('set-cookie'); // express-session (re)sent its cookie: a new expiry
      console.log(`RST-REQUEST ${JSON.stringify({ method, path: url, status: response.statusCode, sessionExpires, setCookie, body })}`);
    });
  }
  if (event === 'listening') console.log(`RST-LISTENING ${this.address().port}`);
  return emit.call(this, event, ...args);
};
