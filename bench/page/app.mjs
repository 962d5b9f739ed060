// The benchmark's page: a small React app with ours, react-idle-timer's useIdleTimer, or neither,
// bundled together (production React) so both libraries load the same way. Driven by run.mjs
// through `window.bench`.
import { createElement as h, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { useIdleTimer } from 'react-idle-timer';
import { SessionProvider, createSession, useRemainingTime, useSession } from '../../src/index.ts';

const renders = { app: 0, countdown: 0 };
/** Each status change, with its time (performance.timeOrigin + now), for the cross-tab figure. */
const changes = [];
const now = () => performance.timeOrigin + performance.now();
let state = 'none';
const note = (status) => {
  if (status === state) return;
  state = status;
  changes.push({ status, at: now() });
};

function OursApp() {
  const status = useSession((snapshot) => snapshot.status);
  renders.app++;
  return h('main', null, h('p', null, status), status === 'warning' ? h(OursCountdown) : null);
}

function OursCountdown() {
  const left = useRemainingTime();
  renders.countdown++;
  return h('p', null, `${Math.ceil(left / 1000)} s left`);
}

// react-idle-timer as its documentation's confirm-prompt example uses it: onPrompt opens the
// prompt, and the prompt reads getRemainingTime on an interval.
function TheirsApp({ options }) {
  const [status, setStatus] = useState('active');
  const timer = useIdleTimer({
    ...options,
    onPrompt: () => (note('prompted'), setStatus('prompted')),
    onIdle: () => (note('idle'), setStatus('idle')),
    onActive: () => (note('active'), setStatus('active')),
    onMessage: (data) => changes.push({ status: data, at: now() }),
  });
  renders.app++;
  api.theirs = timer;
  return h('main', null, h('p', null, status), status === 'prompted' ? h(TheirsCountdown, { getRemainingTime: timer.getRemainingTime }) : null);
}

function TheirsCountdown({ getRemainingTime }) {
  const [seconds, setSeconds] = useState(() => Math.ceil(getRemainingTime() / 1000));
  useEffect(() => {
    const id = setInterval(() => setSeconds(Math.ceil(getRemainingTime() / 1000)), 1000);
    return () => clearInterval(id);
  }, [getRemainingTime]);
  renders.countdown++;
  return h('p', null, `${seconds} s left`);
}

let root = null;
const container = document.createElement('div');
document.body.append(container);

const api = {
  session: null,
  theirs: null,
  renders,
  changes,
  counts: () => window.__benchCounts(),
  state: () => state,
  /** Mounts `kind` ('none', 'ours', 'theirs'), synchronously (effects included). */
  mount(kind, { idleTimeout = 15 * 60_000, warningBefore = 2 * 60_000, inspect = false } = {}) {
    root = createRoot(container);
    state = kind === 'none' ? 'none' : 'active';
    let app = h('main', null, h('p', null, 'no session library'));
    if (kind === 'ours') {
      api.session = createSession({ idleTimeout, warningBefore, crossTab: true });
      if (inspect) api.session.inspect(() => {});
      const session = api.session;
      session.subscribe(() => note(session.getSnapshot().status));
      app = h(SessionProvider, { session: api.session }, h(OursApp));
    } else if (kind === 'theirs') {
      app = h(TheirsApp, { options: { timeout: idleTimeout, promptBeforeIdle: warningBefore, crossTab: true } });
    }
    flushSync(() => root.render(app));
  },
  unmount() {
    root?.unmount();
    root = null;
    api.session = null;
    api.theirs = null;
  },
  /**
   * `n` mouse moves (a pointermove and its compatibility mousemove, as a browser fires them) and `n`
   * keydowns, alternating, dispatched synchronously on the body: milliseconds. Ours listens for
   * pointermove, react-idle-timer for mousemove (its defaults).
   */
  storm(n) {
    const target = document.body;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const at = { bubbles: true, clientX: i % 500, clientY: (i * 7) % 400 };
      target.dispatchEvent(new PointerEvent('pointermove', at));
      target.dispatchEvent(new MouseEvent('mousemove', at));
      target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'a' }));
    }
    return performance.now() - start;
  },
  /** Lets React commit what the last task scheduled (its scheduler posts messages, not timers). */
  flush: () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      let left = 3;
      channel.port1.onmessage = () => (--left === 0 ? (channel.port1.close(), resolve()) : channel.port2.postMessage(0));
      channel.port2.postMessage(0);
    }),
  /** 1,000 (or `cycles`) mounts and unmounts of `kind`: what is left on window, document and the timers. */
  async cycles(kind, cycles) {
    api.mount('none'); // React's own one-time listeners (selectionchange on document) are not a leak
    api.unmount();
    await api.flush();
    const before = api.counts();
    for (let i = 0; i < cycles; i++) {
      api.mount(kind);
      api.unmount();
      if (i % 100 === 99) await api.flush();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = api.counts();
    return Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
  },
  /** Ours only: `n` requests that meet a 440 and park, then a re-login that replays them all. */
  async replay(n) {
    const session = createSession({ crossTab: false, idleTimeout: 15 * 60_000 });
    session.start();
    let parked = 0;
    session.inspect((event) => {
      if (event.type === 'request' && event.phase === 'parked') parked++;
    });
    await fetch('/control/expire', { method: 'POST' });
    const requests = Array.from({ length: n }, (_, i) => session.fetch(`/api/item?i=${i}`).then((r) => r.text()));
    // Settled before the re-login: not parked. Past about 1,400 requests at once Chromium itself
    // refuses some ("Failed to fetch"); those reject at once, and waiting for them to park would hang.
    let settledEarly = 0;
    for (const request of requests) request.then(count, count);
    function count() {
      settledEarly++;
    }
    const settled = Promise.allSettled(requests);
    while (parked + settledEarly < n && session.getSnapshot().status !== 'signedOut') await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = settledEarly;
    await fetch('/control/restore', { method: 'POST' });
    const start = performance.now();
    await session.resume();
    const results = await settled;
    const ms = performance.now() - start;
    session.stop();
    const delivered = results.filter((r, i) => r.status === 'fulfilled' && r.value === `item ${i}`).length;
    return { parked, refused, ms, delivered, lost: n - delivered };
  },
};
window.bench = api;
