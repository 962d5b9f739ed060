/**
 * `revalidate`: when a tab is shown again after a long time hidden (a laptop that slept, a tab
 * left in the background), or the browser comes back online, what the tab knows may be stale: the
 * server may have ended its session meanwhile (a restart, an admin, a sign-out on another device).
 * A `GET` to a status URL that does not extend the server session asks, and the session reads
 * the answer as any response.
 */
import { hasDom } from './activity.ts';
import { createDeadline, orderOf, type Deadline } from './clock.ts';
import { warnOnce } from './errors.ts';
import type { Kernel } from './kernel-api.ts';
import { isRunning } from './machine.ts';
import { isUnfollowedRedirect, type ResolvedOptions } from './options.ts';

/** The longest a revalidation may wait for its answer; then it counts as a network error. */
const REVALIDATE_TIMEOUT = 30_000;

/**
 * Listens, in a DOM and when `revalidate` is set, for the page shown again after `hiddenFor` ms
 * or more (on the session clock) and for `online`, and then asks the status URL, one request at
 * a time. A network error or no answer in time changes nothing. Returns the detach function, which
 * also aborts a request in flight and leaves its answer unread.
 */
export function listenForReturn(kernel: Kernel, config: ResolvedOptions): () => void {
  const { epochs } = kernel;
  const target = config.revalidate;
  if (target === null || !hasDom()) return () => {};
  const { clock } = config;
  const { url, hiddenFor } = target;
  let hiddenSince = document.visibilityState === 'hidden' ? clock.now() : null;
  let inFlight: Deadline | null = null;

  async function revalidate() {
    if (inFlight !== null || !isRunning(kernel.state())) return; // an ended session asks nothing
    const deadline = createDeadline(
      clock,
      REVALIDATE_TIMEOUT,
      process.env.NODE_ENV !== 'production' ? 'The revalidation did not answer in time.' : 'revalidate',
    );
    inFlight = deadline;
    // redirectMeansExpired: a login redirect is seen, not followed to a page on another origin.
    const redirect = config.redirectMeansExpired ? { redirect: 'manual' as const } : {};
    const init: RequestInit = { method: 'GET', credentials: 'same-origin', cache: 'no-store', ...redirect, signal: deadline.signal };
    const sentInEpoch = epochs.current();
    const sentAt = orderOf(clock);
    try {
      const response = await deadline.race(config.fetch()(url, init));
      if (inFlight !== deadline) return; // detached meanwhile
      // Read as any response, except that it is no contact with the server: the status URL did not extend the server session.
      const redirectSeen = config.redirectMeansExpired && isUnfollowedRedirect(response);
      const expired = await kernel.read(response, sentAt, () => sentInEpoch === epochs.current(), 'revalidate', 'GET', redirectSeen);
      if (process.env.NODE_ENV !== 'production' && !expired && response.status >= 400 && response.status < 500) {
        warnOnce(
          config,
          'revalidate-status',
          `The revalidate URL ${JSON.stringify(url)} answered ${response.status}: expected a success while the server session lasts, and an expired status (expiredStatuses, isExpired) once it is gone. Is the URL right?`,
        );
      }
    } catch {
      // Offline, or no answer in time: being offline is not expiry.
    } finally {
      deadline.clear();
      if (inFlight === deadline) inFlight = null;
    }
  }

  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') {
      hiddenSince ??= clock.now();
      return;
    }
    if (hiddenSince === null) return;
    const hidden = clock.now() - hiddenSince;
    hiddenSince = null;
    if (hidden >= hiddenFor) void revalidate();
  };
  const onOnline = () => void revalidate();

  document.addEventListener('visibilitychange', onVisibilityChange);
  window.addEventListener('online', onOnline);
  return () => {
    document.removeEventListener('visibilitychange', onVisibilityChange);
    window.removeEventListener('online', onOnline);
    inFlight?.abort();
    inFlight = null;
  };
}
