/**
 * The keepalive and "Stay signed in": background pings while the person works (one tab pings for
 * all), and `session.extend()`, which pings at once and holds the session until its answer
 * (keepalive.ts, extend.ts).
 */
import type { Feature } from '../compose.ts';
import { createExtension } from '../extend.ts';
import { createKeepalive } from '../keepalive.ts';
import { keepaliveTarget } from '../options.ts';

export const keepalive: Feature<object> = {
  name: 'keepalive',
  install(kernel, config, options) {
    config.keepalive = keepaliveTarget(options.keepalive);
    const { clock, server } = kernel;
    const pings = createKeepalive(config, clock, config.fetch);
    const extension = createExtension(kernel, config, pings);
    kernel.extend = extension.extend;
    kernel.extending = extension.inFlight;
    kernel.heldUntil = extension.heldUntil;

    kernel.on('begun', ({ at }) => pings.noteContact(at)); // the page itself was contact with the server
    kernel.on('status', ({ from, to }) => {
      const running = to === 'active' || to === 'warning';
      // Another tab's "Stay signed in" held a running session: once it ended, however, the hold is over.
      if (!running) extension.otherTabDone();
      else if (from === 'expired' || from === 'signedOut') pings.noteContact(clock.now()); // a sign-in: the server just saw the person
    });
    kernel.on('worked', ({ at }) => {
      // A stopped session pings no one; in the warning only "Stay signed in" pings.
      if (kernel.started() && kernel.state().status === 'active' && pings.isDue(at, server.pastHalf(at))) void extension.pingInBackground();
    });
    kernel.on('learned', ({ expiry, contact }) => {
      if (expiry !== undefined && contact) pings.noteContact(clock.now()); // the server has seen this browser by now
    });
    kernel.on('otherTab', (news) => {
      if (news.kind === 'extending') extension.otherTabExtending(news.at);
      else if (news.kind === 'extended' || news.kind === 'ended') extension.otherTabDone();
      else if (news.kind === 'pinged') pings.noteContact(news.at);
    });
    kernel.on('stop', () => {
      extension.stopped();
      pings.abort();
    });
    return {};
  },
};
