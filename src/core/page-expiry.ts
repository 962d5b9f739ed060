/**
 * What the page's own response said of its session's end, for the time before the first request:
 * the `sessionExpires` option (the server rendered it into the page), or else the navigation's
 * `Server-Timing` entry named after the expiry header (`Server-Timing: session-expires;desc="900"`),
 * which script can read on the same origin. Either is a value in the header's grammar.
 */
export function pageExpiry(header: string, given: string | null | undefined): string | undefined {
  if (typeof given === 'string') return given;
  const [navigation] = (globalThis.performance?.getEntriesByType?.('navigation') ?? []) as PerformanceNavigationTiming[];
  const named = header.toLowerCase();
  return navigation?.serverTiming?.find((entry) => entry.name.toLowerCase() === named)?.description || undefined;
}
