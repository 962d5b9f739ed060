/**
 * Every tab in step: activity, "Stay signed in", sign-ins and ends, the server's expiry and the
 * timeouts travel between the tabs of one browser (tab-sync.ts, over tab-transport.ts). What
 * another tab did is told to the other features as `otherTab` events.
 */
import type { Feature } from '../compose.ts';
import { fingerprint } from '../identity.ts';
import { isRunning } from '../machine.ts';
import { crossTabOption } from '../options.ts';
import { pageWasReloaded } from '../page-expiry.ts';
import { createTabSync } from '../tab-sync.ts';
import { transportFor } from '../tab-transport.ts';

export const crossTab: Feature<object> = {
  name: 'crossTab',
  install(kernel, config, options) {
    config.crossTab = crossTabOption(options);
    if (config.crossTab === false) return {};
    kernel.identify = fingerprint; // who signed in travels between the tabs, never the name itself
    const { clock, deadlines } = kernel;
    const tabs = createTabSync(transportFor(config.crossTab), clock.now, kernel.order, {
      activity(at) {
        if (at <= deadlines.lastActivity()) return;
        kernel.tell({ type: 'activity', source: 'otherTab', outcome: isRunning(kernel.state()) ? 'taken' : 'notRunning', throttled: 0 });
        deadlines.activity(at);
        kernel.dispatch({ type: 'remoteActivity', due: deadlines.due(clock.now()) });
      },
      extended(at) {
        kernel.tell({ type: 'otherTab', kind: 'extended', at });
        deadlines.activity(Math.max(deadlines.lastActivity(), at));
        kernel.dispatch({ type: 'extended', due: deadlines.due(clock.now()) });
      },
      extending(until) {
        kernel.tell({ type: 'otherTab', kind: 'extending', at: until });
        kernel.evaluate();
      },
      ended(status) {
        kernel.tell({ type: 'otherTab', kind: 'ended' });
        kernel.dispatch({ type: status === 'expired' ? 'remoteExpired' : 'remoteSignedOut' });
      },
      resumed(who) {
        kernel.signedInAgain('otherTab', who ?? undefined);
        kernel.tell({ type: 'otherTab', kind: 'resumed' });
        void kernel.replay(); // each tab replays its own parked requests
      },
      serverExpiry(expiry, sentAt) {
        if (kernel.server.take(expiry, sentAt)) kernel.evaluate();
      },
      pinged: (at) => kernel.tell({ type: 'otherTab', kind: 'pinged', at }),
      message: (direction, kind) => kernel.tell({ type: 'tab', direction, kind }),
      configured: (timing) => kernel.tell({ type: 'otherTab', kind: 'configured', timing }),
    });
    kernel.peers = {
      ...tabs,
      attach() {
        tabs.attach();
        // Opening the page was the person's doing: the other tabs count it too, or one that was
        // about to end by idle would sign the person out a moment after they came back. A page
        // that reloads itself (a dashboard) must not keep an idle person signed in everywhere.
        if (isRunning(kernel.state()) && !pageWasReloaded()) tabs.shareActivity(deadlines.lastActivity());
      },
      shareStatus({ status, reason }) {
        if (status === 'expired' && reason !== 'remote') tabs.shareExpired();
        if (status === 'signedOut' && reason === 'user') tabs.shareSignedOut();
      },
    };
    kernel.on('worked', ({ at }) => tabs.shareActivity(at));
    kernel.on('extended', ({ at }) => tabs.shareExtended(at));
    kernel.on('learned', ({ expiry, sentAt }) => {
      if (expiry !== undefined) tabs.shareServerExpiry(expiry, sentAt);
    });
    return {};
  },
};
