/** The page's own navigation, where the browser has one (not in Node). */
const navigation = () => (globalThis.performance?.getEntriesByType?.('navigation') as PerformanceNavigationTiming[] | undefined)?.[0];

/**
 * Whether this page was reloaded (`location.reload()`, a refresh) rather than opened: a page that
 * reloads itself is no person coming back, so its opening is not shared with the other tabs.
 */
export const pageWasReloaded = () => navigation()?.type === 'reload';

/**
 * What the page's own response said of its session's end, for the time before the first request:
 * the `sessionExpires` option (the server rendered it into the page), or else the navigation's
 * `Server-Timing` entry named after the expiry header (`Server-Timing: session-expires;desc="900"`),
 * which script can read on the same origin. Either is a value in the header's grammar.
 */
export function pageExpiry(header: string, given: string | null | undefined): string | undefined {
  if (typeof given === 'string') return given;
  const named = header.toLowerCase();
  return navigation()?.serverTiming?.find((entry) => entry.name.toLowerCase() === named)?.description || undefined;
}
