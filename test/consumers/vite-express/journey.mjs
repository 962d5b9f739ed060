// The README's quick start on the Vite dev server with /api proxied (server.proxy) to the README's
// express server (server/server.mjs, run as written with node), in Chromium:
//   sign in (the server knows nobody yet: GET /api/session 440, the sign-in form), save a note
//   (201, echoed, Session-Expires), the keepalive route (204, Session-Expires) and GET /api/session
//   ({ user }); the server process restarts, so its MemoryStore and the session in it are gone; the
//   next save meets 440, the re-login modal opens, sign in, the save is replayed exactly once (as
//   the server process itself logged it, through ../log-requests.mjs); no console warning or error
//   but Chromium's own "Failed to load resource ... 440", nothing on the server's stderr.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

import { freePort, launchChromium } from '../lib/chromium.mjs';

const LOGGER = new URL('./log-requests.mjs', import.meta.url).href;

/** A child in its own process group; resolves once `ready(stdout)` holds, rejects if it exits first. */
async function start(name, command, args, options, ready) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (process.env.RST_PIDS) appendFileSync(process.env.RST_PIDS, `${child.pid}\n`);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(`exit ${code ?? signal}`)));
  const isReady = new Promise((resolve) => {
    const poll = setInterval(() => ready(stdout) && (clearInterval(poll), resolve('ready')), 50);
  });
  const first = await Promise.race([isReady, exited, new Promise((resolve) => setTimeout(resolve, 30_000, 'timeout'))]);
  if (first !== 'ready') throw new Error(`${name} did not start (${first}):\n${stdout}${stderr}`);
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      await exited;
    },
  };
}

const apiPort = await freePort();
/** `node server.mjs` in server/, as the README's block says, with PORT and the request log. */
const startApi = () =>
  start('node server.mjs', process.execPath, ['--import', LOGGER, 'server.mjs'], { cwd: 'server', env: { ...process.env, PORT: String(apiPort) } }, (out) =>
    out.includes(`RST-LISTENING ${apiPort}\n`),
  );
const apis = [await startApi()];
const vitePort = await freePort();
const vite = await start(
  'vite',
  'node_modules/.bin/vite',
  ['--port', String(vitePort), '--strictPort', '--host', '127.0.0.1', '--force'],
  { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', RST_API: `http://localhost:${apiPort}` } },
  (out) => out.includes(`http://127.0.0.1:${vitePort}/`),
);

/** What the server processes answered, in order: { run (1, 2 after the restart), method, path, status, sessionExpires, body }. */
const serverLog = () =>
  apis.flatMap((api, index) =>
    api
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('RST-REQUEST '))
      .map((line) => ({ run: index + 1, ...JSON.parse(line.slice('RST-REQUEST '.length)) })),
  );
/** The server's last answer to POST /api/notes. */
const savedNote = () =>
  serverLog()
    .filter((entry) => entry.method === 'POST' && entry.path === '/api/notes')
    .at(-1);
const statuses = (method, path) =>
  JSON.stringify(
    serverLog()
      .filter((entry) => entry.method === method && entry.path === path)
      .map((entry) => entry.status),
  );

const expect = (condition, what) => {
  if (!condition) throw new Error(what);
};
/** Waits (up to 5 s) for a condition on what the page or the server saw. */
const until = async (condition) => {
  for (let waited = 0; !condition() && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
};
/** The server's answers to METHOD PATH are `expected` (JSON), once its stdout has caught up (up to 5 s). */
const expectStatuses = async (method, path, expected) => {
  await until(() => statuses(method, path) === expected);
  expect(statuses(method, path) === expected, `${method} ${path}: the server answered ${statuses(method, path)}, not ${expected}`);
};

const browser = await launchChromium();
const problems = [];
const notes = []; // the page's answers to POST /api/notes, through the proxy
let step = 'start';
let ok = false;
const started = Date.now();
const timings = [];
const mark = (name) => timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
try {
  const page = await browser.newPage();
  let failPage;
  const pageFailed = new Promise((_, reject) => (failPage = reject));
  pageFailed.catch(() => {});
  const rendered = (locator) => Promise.race([locator.waitFor({ timeout: 20_000 }), pageFailed]);
  page.on('pageerror', (error) => {
    problems.push(`pageerror: ${error.message}`);
    failPage(new Error(`the page threw: ${error.message}`));
  });
  page.on('console', (message) => {
    const type = message.type();
    const text = message.text();
    // Chromium itself logs a response with an error status as a failed load: the 440s are the journey.
    if (type === 'error' && /^Failed to load resource: the server responded with a status of 440\b/.test(text)) return;
    if (type === 'error' || type === 'warning') problems.push(`console.${type}: ${text}`);
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname !== '/api/notes') return;
    notes.push({ status: response.status(), sessionExpires: response.headers()['session-expires'] ?? null });
  });
  const status = page.getByTestId('status');
  const saved = page.getByTestId('saved');
  const save = page.getByRole('button', { name: 'Save' });
  const lastNote = () => notes.at(-1) ?? {};

  step = 'the page loads; GET /api/session answers 440 (nobody yet) and the sign-in form shows';
  await page.goto(`http://127.0.0.1:${vitePort}`);
  await rendered(save);
  await status.filter({ hasText: /^signedOut$/ }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await expectStatuses('GET', '/api/session', '[440]');
  mark('rendered');

  step = 'sign in (POST /api/login 200), the session resumes';
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill('any password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await status.filter({ hasText: /^active$/ }).waitFor();
  await expectStatuses('POST', '/api/login', '[200]');

  step = 'save a note: 201, the server read the note (its answer echoes it), Session-Expires: 1200';
  await page.getByLabel('Note').fill('first note');
  await save.click();
  await saved.filter({ hasText: /^1$/ }).waitFor();
  await expectStatuses('POST', '/api/notes', '[201]');
  expect(lastNote().status === 201 && lastNote().sessionExpires === '1200', `the page saw ${JSON.stringify(lastNote())}`);
  expect(savedNote()?.body === '{"note":"first note"}', `the 201 echoes what the server read: ${JSON.stringify(savedNote()?.body)}`);
  mark('saved');

  step = 'the keepalive route answers 204 with Session-Expires and slides the cookie; GET /api/session answers { user }';
  const answers = await page.evaluate(async () => {
    const keepalive = await fetch('/api/session/keepalive', { method: 'POST' });
    const who = await fetch('/api/session', { cache: 'no-store' });
    return [keepalive.status, keepalive.headers.get('Session-Expires'), who.status, await who.text()];
  });
  expect(JSON.stringify(answers) === '[204,"1200",200,"{\\"user\\":\\"ada\\"}"]', `keepalive and GET /api/session: ${JSON.stringify(answers)}`);
  await expectStatuses('POST', '/api/session/keepalive', '[204]');
  const keepalive = serverLog().find((entry) => entry.path === '/api/session/keepalive');
  // rolling: true: passing the session middleware re-sent the cookie with a new expiry (it slid).
  expect(keepalive?.setCookie === true, `the keepalive's answer set no cookie: ${JSON.stringify(keepalive)}`);

  step = 'the server process restarts: its MemoryStore, and the session in it, are gone';
  await apis[0].stop();
  apis.push(await startApi());
  mark('restarted');

  step = 'the next save meets 440; the re-login modal opens over the page';
  await page.getByLabel('Note').fill('second note');
  await save.click();
  const relogin = page.getByRole('dialog', { name: 'Your session has expired' });
  await relogin.waitFor();
  await expectStatuses('POST', '/api/notes', '[201,440]');
  expect(lastNote().status === 440, `the page saw ${JSON.stringify(lastNote())}`);
  mark('relogin');

  step = 'sign in again; the parked save is replayed exactly once, as the server logged it';
  await relogin.getByLabel('Username').fill('ada');
  await relogin.getByLabel('Password').fill('any password');
  await relogin.getByRole('button', { name: 'Sign in' }).click();
  await relogin.waitFor({ state: 'detached' });
  await saved.filter({ hasText: /^2$/ }).waitFor();
  await page.waitForTimeout(500); // a second replay would have arrived by now
  await expectStatuses('POST', '/api/notes', '[201,440,201]');
  await expectStatuses('POST', '/api/login', '[200,200]');
  const replayed = savedNote();
  expect(replayed?.run === 2 && replayed.sessionExpires === '1200', `the replay as the server logged it: ${JSON.stringify(replayed)}`);
  expect(replayed.body === '{"note":"second note"}', `the replayed 201 echoes what the server read: ${JSON.stringify(replayed.body)}`);
  expect(lastNote().status === 201 && lastNote().sessionExpires === '1200', `the page saw ${JSON.stringify(lastNote())}`);
  mark('replayed');

  step = 'no console warning or error, nothing on the server stderr, both servers up';
  expect(problems.length === 0, problems.join(' | '));
  for (const api of apis) expect(api.stderr() === '', `server.mjs stderr: ${api.stderr()}`);
  expect(apis[1].running() && vite.running(), 'a server exited');
  ok = true;
} catch (error) {
  console.error(`  at step "${step}": ${error.message.split('\n')[0]}`);
  if (problems.length) console.error(`  page/console: ${problems.join(' | ')}`);
  console.error(
    `  server log:\n${serverLog()
      .map((entry) => `    ${JSON.stringify(entry)}`)
      .join('\n')}`,
  );
  for (const api of apis) if (api.stderr()) console.error(`  server stderr:\n${api.stderr().replace(/^/gm, '    ')}`);
  console.error(`  vite output:\n${vite.stdout().replace(/^/gm, '    ')}${vite.stderr().replace(/^/gm, '    ')}`);
} finally {
  await browser.close();
  await vite.stop();
  for (const api of apis) await api.stop();
}
const keepalives = serverLog().filter((entry) => entry.path === '/api/session/keepalive');
console.log(`NOTE README server journey ${ok ? 'passed' : 'failed'}: ${timings.join(', ')}`);
console.log(
  `NOTE server log: ${serverLog()
    .map((entry) => `${entry.run}:${entry.method} ${entry.path} ${entry.status}`)
    .join(', ')} (${keepalives.length} keepalive)`,
);
process.exit(ok ? 0 : 1);
