// `npm run demo:cluster`: two server processes behind a round-robin load balancer, the classic
// cause of 440s right after signing in. Everything runs on loopback, its config in a temp folder.
//   node examples/server/cluster.js            memory store: each process has its own sessions
//   node examples/server/cluster.js --redis    shared sessions in Redis (REDIS_URL, or a local redis-server)
//   node examples/server/cluster.js --sticky   sticky sessions at the load balancer
//   node examples/server/cluster.js --nginx    nginx instead of HAProxy
// PORT (default 3000) is the load balancer's; SESSION_TTL, IDLE_TIMEOUT... as for `npm run demo`.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command` and resolves once a line of its output matches `ready`.
 * @param {string} command @param {string[]} args @param {RegExp} ready
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, match: RegExpMatchArray, stop: () => Promise<void> }>}
 */
export function startProcess(command, args, ready, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done(undefined);
        child.once('exit', () => done(undefined));
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }).then(() => {});
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk;
      const match = output.match(ready);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve({ child, match, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`)));
  });
}

/** HAProxy: round-robin per request; `sticky` inserts a cookie that pins a browser to one process. */
function haproxyConfig(/** @type {number} */ port, /** @type {number[]} */ backends, /** @type {boolean} */ sticky) {
  return `global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option forwardfor
frontend web
  bind 127.0.0.1:${port}
  default_backend app
backend app
  balance roundrobin
${sticky ? '  cookie LB insert indirect nocache\n' : ''}${backends.map((p, i) => `  server ${String.fromCharCode(97 + i)} 127.0.0.1:${p}${sticky ? ` cookie ${String.fromCharCode(97 + i)}` : ''}`).join('\n')}
`;
}

/** nginx: round-robin per request; `sticky` uses ip_hash (open-source nginx has no sticky cookie). */
function nginxConfig(/** @type {number} */ port, /** @type {number[]} */ backends, /** @type {boolean} */ sticky, /** @type {string} */ dir) {
  return `daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream app {
${sticky ? '    ip_hash;\n' : ''}${backends.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
}

/**
 * Starts Redis (when `redis` is true and no URL is given), two server processes and the load balancer.
 * @param {{ port?: number, redis?: boolean | string, sticky?: boolean, lb?: 'haproxy' | 'nginx', distDir: string, env?: NodeJS.ProcessEnv }} options
 */
export async function startCluster({ port = 0, redis = false, sticky = false, lb = 'haproxy', distDir, env = {} }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'expenses-cluster-'));
  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    stops.length = 0;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    let redisUrl = typeof redis === 'string' ? redis : undefined;
    if (redis === true) {
      const redisPort = await freePort();
      // Foreground, nothing written to disk: a throwaway store for the demo.
      const server = await startProcess(
        'redis-server',
        ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        /Ready to accept connections/,
      );
      stops.push(server.stop);
      redisUrl = `redis://127.0.0.1:${redisPort}`;
    }

    const servers = [];
    for (const name of ['a', 'b']) {
      const serverEnv = { ...process.env, ...env, PORT: '0', SERVER_NAME: name, DIST: distDir, QUIET: '1', REDIS_URL: redisUrl ?? '' };
      const server = await startProcess(process.execPath, [path.join(here, 'main.js'), '--no-build'], /http:\/\/127\.0\.0\.1:(\d+)/, serverEnv);
      stops.push(server.stop);
      servers.push({ name, origin: server.match[0], port: Number(server.match[1]) });
    }

    const lbPort = port || (await freePort());
    const backends = servers.map((s) => s.port);
    let stopBalancer = await startBalancer(lb, lbPort, backends, sticky, dir);
    stops.push(() => stopBalancer());
    /** Restarts the load balancer on the same port, with or without sticky sessions (the fix, live). */
    const setSticky = async (/** @type {boolean} */ on) => {
      await stopBalancer();
      stopBalancer = await startBalancer(lb, lbPort, backends, on, dir);
    };
    return { origin: `http://127.0.0.1:${lbPort}`, servers, redisUrl, setSticky, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the load balancer in the foreground (no daemon, no root paths: everything in `dir`).
 * @param {'haproxy' | 'nginx'} lb @param {number} port @param {number[]} backends @param {boolean} sticky @param {string} dir
 * @returns {Promise<() => Promise<void>>} stops it
 */
async function startBalancer(lb, port, backends, sticky, dir) {
  let child;
  if (lb === 'nginx') {
    for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(port, backends, sticky, dir));
    child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    writeFileSync(path.join(dir, 'haproxy.cfg'), haproxyConfig(port, backends, sticky));
    child = spawn('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const exited = new Promise((done) => child.once('exit', done));
  await Promise.race([waitForPort(port), exited.then(() => Promise.reject(new Error(`${lb} exited at start`)))]);
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
}

/** Resolves once something accepts connections on `port` (the load balancer has no "ready" line). */
async function waitForPort(/** @type {number} */ port) {
  for (let i = 0; i < 100; i += 1) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the load balancer did not listen on ${port}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const { buildClient } = await import('./build-client.js');
  const distDir = await buildClient();
  const redis = process.env.REDIS_URL || args.includes('--redis');
  const sticky = args.includes('--sticky');
  const lb = args.includes('--nginx') ? 'nginx' : 'haproxy';
  const cluster = await startCluster({ port: Number(process.env.PORT ?? 3000), redis, sticky, lb, distDir });
  const stopAll = () => void cluster.stop().finally(() => process.exit(0));
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  console.log(cluster.origin);
  console.log('  sign in as ada / lovelace');
  console.log(
    `  ${lb === 'nginx' ? 'nginx' : 'HAProxy'} round-robin${sticky ? ' with sticky sessions' : ''} over ${cluster.servers.map((s) => `${s.name} (${s.origin})`).join(' and ')}`,
  );
  if (cluster.redisUrl) console.log(`  sessions in Redis at ${cluster.redisUrl}: every process knows every session`);
  else if (sticky) console.log("  sessions in each process's memory, but each browser stays on one process");
  else console.log('  sessions in each process\'s memory: expect 440s right after signing in; open "Session devtools" to see why');
}
