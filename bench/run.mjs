// `npm run bench` (issue 15): ours against react-idle-timer's useIdleTimer in headless Chromium,
// both bundled into the same page (page/app.mjs) and measured in the same run, alternating.
// Writes results.json and prints a Markdown table (docs/benchmark.md shows the latest). BENCH_RUNS (default 5) sets the run count.
import { build } from 'esbuild';
import { writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { ENTRIES, measureAll } from './sizes.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// 50,000 mouse moves (a pointermove and its compatibility mousemove, as a browser fires them for a
// mouse) and 50,000 keydowns: 100,000 activity events.
const PAIRS = 50_000;
const ACTIVITY_EVENTS = 2 * PAIRS;
const WARMUP = 2_000;
const CYCLES = 1_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const REPLAY_RUNS = Math.min(RUNS, 3);
const CROSS_TAB_SAMPLES = Number(process.env.BENCH_CROSS_TAB_SAMPLES ?? 15);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const max = (xs) => Math.max(...xs);
const log = (...a) => console.error('[bench]', ...a);
/** BENCH_ONLY=activity,countdown,leaks,replay,crossTab runs only those sections (while working on one); BENCH_RUNS, BENCH_REQUESTS (replay) and BENCH_CROSS_TAB_SAMPLES change the counts. */
const only = (section) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(section);

// The page: production React, ours and react-idle-timer in one bundle, loaded the same way.
const bundle = await build({
  entryPoints: [new URL('./page/app.mjs', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  write: false,
  minify: true,
  logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
});
const appJs = bundle.outputFiles[0].text;
const instrument = readFileSync(new URL('./page/instrument.js', import.meta.url), 'utf8');

// The loopback server: the page, and an API that answers 440 while "expired" (the replay figure).
let expired = false;
let hits = 0;
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title><body><script type="module" src="/app.js"></script>');
  } else if (url.pathname === '/app.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(appJs);
  } else if (url.pathname === '/api/item') {
    hits++;
    if (expired) res.writeHead(440).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(`item ${url.searchParams.get('i')}`);
  } else if (url.pathname.startsWith('/control/')) {
    expired = url.pathname === '/control/expire';
    res.writeHead(204).end();
  } else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--js-flags=--expose-gc',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

/** A fresh context and page with the instrumentation (and, `clock`, Playwright's fake clock) installed before the bundle. */
async function openPage({ clock = false, context } = {}) {
  const ctx = context ?? (await browser.newContext());
  if (clock) await ctx.clock.install({ time: new Date('2026-01-01T09:00:00Z') });
  await ctx.addInitScript({ content: instrument });
  const page = await ctx.newPage();
  page.on('pageerror', (error) => log('page error:', error.message));
  await page.goto(origin);
  await page.waitForFunction(() => window.bench);
  return { page, close: () => (context ? page.close() : ctx.close()) };
}

// 2, 3 (storm), 8: activity cost. A fresh page per variant and run, variants alternating; in the
// page, chunks of events with the library mounted and chunks with nothing mounted (the baseline)
// alternate in ABBA quartets, a GC before each, so the page's own cost and its drift fall on both
// alike. Each quartet gives one paired difference (mounted minus baseline); the figure is the
// median of all quartets of all runs, which a slow moment of this shared machine cannot move much.
const VARIANTS = ['ours', 'theirs', 'oursInspect'];
const CHUNKS = 20;
const activity = Object.fromEntries(VARIANTS.map((v) => [v, { baselineMs: [], withMs: [], quartetMs: [], renders: [] }]));
for (let run = 0; run < (only('activity') ? RUNS : 0); run++) {
  const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]);
  for (const variant of order) {
    const { page, close } = await openPage();
    const result = await page.evaluate(
      async ({ variant, pairs, warmup, chunks }) => {
        const { bench } = window;
        const kind = variant === 'oursInspect' ? 'ours' : variant;
        const options = { inspect: variant === 'oursInspect' };
        const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        bench.mount(kind, options);
        bench.storm(warmup);
        bench.unmount();
        bench.storm(warmup);
        let baselineMs = 0;
        let withMs = 0;
        let renders = 0;
        const quartetMs = []; // per ABBA quartet: its two mounted chunks minus its two baseline chunks
        let quartet = 0;
        for (let c = 0; c < 2 * chunks; c++) {
          const mounted = c % 4 === 0 || c % 4 === 3; // ABBA order: mounted, baseline, baseline, mounted
          await bench.flush();
          if (mounted) {
            bench.mount(kind, options);
            await bench.flush();
            bench.renders.app = bench.renders.countdown = 0;
          }
          window.gc?.();
          const ms = bench.storm(pairs / chunks);
          quartet += mounted ? ms : -ms;
          if (c % 4 === 3) {
            quartetMs.push(quartet);
            quartet = 0;
          }
          if (mounted) {
            withMs += ms;
            await bench.flush();
            if (c >= 2 * chunks - 2) await wait(1100); // throttled trailing updates, once
            renders += bench.renders.app + bench.renders.countdown;
            bench.unmount();
          } else baselineMs += ms;
        }
        return { baselineMs, withMs, quartetMs, renders };
      },
      { variant, pairs: PAIRS, warmup: WARMUP, chunks: CHUNKS },
    );
    await close();
    activity[variant].baselineMs.push(result.baselineMs);
    activity[variant].withMs.push(result.withMs);
    activity[variant].quartetMs.push(...result.quartetMs);
    activity[variant].renders.push(result.renders);
  }
  log(
    `activity run ${run + 1}/${RUNS}:`,
    VARIANTS.map(
      (v) => `${v} +${(activity[v].withMs.at(-1) - activity[v].baselineMs.at(-1)).toFixed(1)} ms (baseline ${activity[v].baselineMs.at(-1).toFixed(1)})`,
    ).join(', '),
  );
}

// 3 (countdown), 4: on Playwright's fake clock (page.clock), the same for both: 13 minutes to the
// warning, then the 2-minute countdown one second at a time, React committing after each second.
const countdown = { ours: [], theirs: [] };
for (let run = 0; run < (only('countdown') ? RUNS : 0); run++) {
  for (const kind of run % 2 ? ['theirs', 'ours'] : ['ours', 'theirs']) {
    const { page, close } = await openPage({ clock: true });
    const flush = () => page.evaluate(() => window.bench.flush());
    await page.evaluate((kind) => window.bench.mount(kind), kind);
    await flush();
    const active = await page.evaluate(() => window.bench.counts());
    await page.clock.runFor(13 * 60_000);
    await flush();
    const warningState = await page.evaluate(() => window.bench.state());
    const warning = await page.evaluate(() => window.bench.counts());
    await page.evaluate(() => (window.bench.renders.app = window.bench.renders.countdown = 0));
    for (let s = 0; s < 119; s++) {
      await page.clock.runFor(1000);
      await flush();
    }
    const renders = await page.evaluate(() => ({ ...window.bench.renders }));
    await page.clock.runFor(2000);
    await flush();
    const idleState = await page.evaluate(() => window.bench.state());
    const idle = await page.evaluate(() => window.bench.counts());
    await close();
    countdown[kind].push({ warningState, idleState, renders, timers: { active, warning, idle } });
  }
}
log('countdown:', JSON.stringify(countdown.ours[0]), JSON.stringify(countdown.theirs[0]));

// 5: leaks after 1,000 mount/unmount cycles.
const leaks = {};
for (const kind of only('leaks') ? ['ours', 'theirs'] : []) {
  const { page, close } = await openPage();
  leaks[kind] = await page.evaluate(({ kind, cycles }) => window.bench.cycles(kind, cycles), { kind, cycles: CYCLES });
  await close();
}
log('leaks:', JSON.stringify(leaks));

// 6: replay (ours only).
const replay = [];
for (let run = 0; run < (only('replay') ? REPLAY_RUNS : 0); run++) {
  const { page, close } = await openPage();
  hits = 0;
  const result = await page.evaluate((n) => window.bench.replay(n), REQUESTS);
  await close();
  replay.push({ ...result, serverHits: hits });
}
log('replay:', JSON.stringify(replay.map((r) => [Math.round(r.ms), r.lost])));

// 7: cross-tab latency, two pages of one context: from the call in A to the status heard in B.
async function crossTab(kind, actions) {
  const context = await browser.newContext();
  const a = await openPage({ context });
  const b = await openPage({ context });
  for (const { page } of [a, b]) await page.evaluate((kind) => window.bench.mount(kind, { idleTimeout: 3000, warningBefore: 2500 }), kind);
  const out = {};
  for (const [name, { ready, act, expect, after }] of Object.entries(actions)) {
    out[name] = [];
    for (let i = 0; i < CROSS_TAB_SAMPLES; i++) {
      for (const { page } of [a, b]) await page.waitForFunction(ready, undefined, { timeout: 10_000 });
      const t0 = await a.page.evaluate(act);
      const heard = await b.page.waitForFunction(
        ({ t0, expect }) => window.bench.changes.find((c) => c.at >= t0 && c.status === expect)?.at,
        { t0, expect },
        { timeout: 10_000 },
      );
      out[name].push((await heard.jsonValue()) - t0);
      if (after) await a.page.evaluate(after);
    }
  }
  await context.close();
  return out;
}
const stamp = () => performance.timeOrigin + performance.now();
const crossTabResults = only('crossTab') && {
  ours: await crossTab('ours', {
    extend: {
      ready: () => window.bench.state() === 'warning',
      act: `window.__t = (${stamp})(); void window.bench.session.extend(); window.__t`,
      expect: 'active',
    },
    signOut: {
      ready: () => window.bench.state() !== 'signedOut',
      act: `window.__t = (${stamp})(); void window.bench.session.signOut(); window.__t`,
      expect: 'signedOut',
      after: () => window.bench.session.resume(),
    },
    expiry: {
      ready: () => ['active', 'warning'].includes(window.bench.state()),
      act: `window.__t = (${stamp})(); window.bench.session.handleResponse(new Response(null, { status: 440 })); window.__t`,
      expect: 'expired',
      after: () => window.bench.session.resume(),
    },
  }),
  theirs: await crossTab('theirs', {
    extend: {
      ready: () => window.bench.state() === 'prompted',
      act: `window.__t = (${stamp})(); window.bench.theirs.activate(); window.__t`,
      expect: 'active',
    },
    signOut: {
      ready: () => true,
      act: `window.__t = (${stamp})(); window.bench.theirs.message('signedOut', false); window.__t`,
      expect: 'signedOut',
    },
  }),
};
log('cross-tab:', JSON.stringify(crossTabResults));

const browserVersion = browser.version();
await browser.close();
server.close();

// The table: each figure as ours, theirs and ours/theirs.
const sizes = await measureAll();
const chromiumVersion = browserVersion;
const machine = {
  cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  chromium: chromiumVersion,
  runs: RUNS,
};
const fmt = (x, digits = 1) => (typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }) : x);
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b !== 0 ? `${(a / b).toFixed(2)}×` : '—');
const rows = [];
const row = (figure, ours, theirs, unit = '', digits = 1) =>
  rows.push([
    figure,
    typeof ours === 'number' ? `${fmt(ours, digits)}${unit}` : ours,
    typeof theirs === 'number' ? `${fmt(theirs, digits)}${unit}` : theirs,
    ratio(ours, theirs),
  ]);

const theirsSize = sizes.reactIdleTimer.gzip;
for (const { key, label } of ENTRIES) if (key !== 'reactIdleTimer') row(`Size: ${label}, gzip -9`, sizes[key].gzip, theirsSize, ' B', 0);

// A quartet holds 2 of the CHUNKS mounted chunks: scaled to all 100,000 events.
const perRun = (quartetMs) => (quartetMs * CHUNKS) / 2;
const marginal = (v) => activity[v].withMs.map((w, i) => w - activity[v].baselineMs[i]);
const summary = {};
// The spread beside the median: the middle half of the quartets (on a shared machine they vary).
const quartile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const spread = (v) => {
  const xs = activity[v].quartetMs.map(perRun);
  return `${fmt(summary[v].marginalMs)} ms (middle half ${fmt(quartile(xs, 0.25), 0)}–${fmt(quartile(xs, 0.75), 0)})`;
};
if (only('activity')) {
  for (const v of VARIANTS) {
    summary[v] = {
      marginalMs: perRun(median(activity[v].quartetMs)),
      runMarginalMs: marginal(v),
      baselineMs: median(activity[v].baselineMs),
      renders: median(activity[v].renders),
    };
  }
  rows.push([
    'Activity: marginal main-thread time, 100,000 events',
    spread('ours'),
    spread('theirs'),
    ratio(summary.ours.marginalMs, summary.theirs.marginalMs),
  ]);
  row('Activity: per event', (summary.ours.marginalMs / ACTIVITY_EVENTS) * 1000, (summary.theirs.marginalMs / ACTIVITY_EVENTS) * 1000, ' µs', 2);
  row('Renders during the 100,000 events', summary.ours.renders, summary.theirs.renders, '', 0);
}
const pick = (kind, f) => median(countdown[kind].map(f));
if (only('countdown')) {
  row(
    'Renders during the 2-minute countdown: app',
    pick('ours', (r) => r.renders.app),
    pick('theirs', (r) => r.renders.app),
    '',
    0,
  );
  row(
    'Renders during the 2-minute countdown: countdown',
    pick('ours', (r) => r.renders.countdown),
    pick('theirs', (r) => r.renders.countdown),
    '',
    0,
  );
  for (const phase of ['active', 'warning', 'idle']) {
    const t = (kind) => `${pick(kind, (r) => r.timers[phase].timeouts)} + ${pick(kind, (r) => r.timers[phase].intervals)}`;
    rows.push([`Timers pending (timeouts + intervals): ${phase}`, t('ours'), t('theirs'), '—']);
  }
  row(
    'Listeners on window and document while mounted',
    pick('ours', (r) => r.timers.active.listeners),
    pick('theirs', (r) => r.timers.active.listeners),
    '',
    0,
  );
}
if (only('leaks')) {
  const l = (kind) => `${leaks[kind].listeners} / ${leaks[kind].timeouts + leaks[kind].intervals} / ${leaks[kind].channels}`;
  rows.push([`Left after ${fmt(CYCLES)} mounts: listeners / timers / channels`, l('ours'), l('theirs'), '—']);
}
if (only('replay')) {
  const ms = median(replay.map((r) => r.ms));
  // A request the browser refused before it could park is rejected, not lost; said when it happens.
  const lost = max(replay.map((r) => r.lost - r.refused));
  const refused = max(replay.map((r) => r.refused));
  const cell = `${fmt(ms, 0)} ms, ${lost} lost${refused > 0 ? `, ${refused} refused by the browser before parking` : ''}`;
  rows.push([`Replay: park ${fmt(REQUESTS)} requests, re-login, replay all`, cell, 'n/a (no such feature)', '—']);
}
if (crossTabResults) {
  for (const action of ['extend', 'signOut', 'expiry']) {
    const cell = (kind) => {
      const xs = crossTabResults[kind][action];
      return xs ? `${fmt(median(xs), 1)} / ${fmt(max(xs), 1)} ms` : null;
    };
    const how = { extend: 'activate()', signOut: 'message() + onMessage' }[action];
    const theirs = cell('theirs');
    rows.push([
      `Cross-tab ${action}: median / max`,
      cell('ours'),
      theirs ? `${theirs} (${how})` : 'n/a (no server expiry)',
      theirs ? ratio(median(crossTabResults.ours[action]), median(crossTabResults.theirs[action])) : '—',
    ]);
  }
}
if (only('activity')) {
  const withInspect = summary.oursInspect.marginalMs;
  rows.push([
    '`inspect` cost: activity with / without a listener',
    `${spread('oursInspect')} / ${fmt(summary.ours.marginalMs)} ms`,
    'n/a',
    `${ratio(withInspect, summary.ours.marginalMs)} (with/without)`,
  ]);
}

const table = [
  '| Figure | react-session-timeout | react-idle-timer 5.7 | ours / theirs |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const about = `Median of ${RUNS} alternating runs (activity: median of the ${(RUNS * CHUNKS) / 2} paired mounted/baseline quartets of those runs; replay: ${REPLAY_RUNS}; cross-tab: ${CROSS_TAB_SAMPLES} samples per action; leaks: one run). ${machine.cpu}, ${machine.memory}, ${machine.os}; Chromium ${machine.chromium} headless; Node ${machine.node}.`;
console.log(`${table}\n\n${about}\n`);
writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), machine, sizes, activity, summary, countdown, leaks, replay, crossTab: crossTabResults, table, about }, null, 2)}\n`,
);
