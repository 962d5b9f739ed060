/**
 * Silent renewal, the `refresh` option: the server's end waits while the app's refresh tries to
 * renew the session (refresh.ts); renewed, the person goes on and the parked requests are replayed.
 * It vetoes the end through the kernel's `vetoServerEnd` hook.
 */
import type { Feature } from '../compose.ts';
import { isRunning } from '../machine.ts';
import { optionalFunction, replayTimeoutOption } from '../options.ts';
import { createRenewal } from '../refresh.ts';

export const refresh: Feature<object> = {
  name: 'refresh',
  install(kernel, config, options) {
    config.refresh = optionalFunction(options, 'refresh');
    config.replayTimeout = replayTimeoutOption(options);
    if (config.refresh === undefined) return {};
    const renewal = createRenewal(config.refresh, kernel.clock, config.replayTimeout, () => kernel.peers);

    /**
     * Tries the refresh (or joins the try in flight) before the server's end takes effect.
     * Renewed: a new server session, told to the other tabs, and the held requests replayed.
     * Not renewed: `end` applies the end, now that no refresh stands in its way.
     */
    async function renew(end: () => void) {
      if (!renewal.running()) kernel.tell({ type: 'refresh', phase: 'started' });
      const outcome = await renewal.run();
      kernel.tell({ type: 'refresh', phase: !outcome.renewed ? 'failed' : outcome.elsewhere ? 'elsewhere' : 'renewed' });
      if (!isRunning(kernel.state())) return; // signed out or ended meanwhile: a late renewal signs no one in
      if (!outcome.renewed) return end();
      kernel.signedInAgain('refresh', outcome.user === undefined ? undefined : kernel.identify(outcome.user));
      if (!outcome.elsewhere) kernel.peers?.shareResumed(kernel.user() ?? null, kernel.server.known());
      await kernel.replay();
    }

    kernel.vetoServerEnd = (next) => {
      if (!renewal.wouldTry()) return false;
      void renew(next.reason === 'server' ? kernel.evaluate : () => kernel.dispatch({ type: 'expiredResponse' }));
      return true;
    };
    kernel.renewing = renewal.running;
    kernel.renewal = () => (renewal.running() ? renewal.run().then((outcome) => outcome.renewed) : null);
    kernel.on('signedIn', ({ via }) => {
      if (via === 'resume') renewal.signedIn(); // the person signed in: a new session, with its own try
    });
    kernel.on('learned', ({ response, current }) => {
      if (current && response.ok) renewal.proven(); // the server honours the session: a later end may be renewed again
    });
    kernel.on('otherTab', (news) => {
      if (news.kind === 'ended' || news.kind === 'resumed') renewal.otherTab(news.kind === 'resumed');
    });
    return {};
  },
};
