/**
 * The bodies of `session.inspect`'s events, built from the session's parts: what the settings,
 * a response, its expiry header and the deadline say, and nothing else (paths, never queries,
 * bodies or other headers). The session calls these only while someone listens.
 */
import { isSameOrigin, pathOf, type InspectEventBody, type InspectSettings, type ResponseVia } from './inspect.ts';
import type { ResolvedOptions } from './options.ts';
import { clockSkew, type ServerExpiry } from './server-expiry.ts';

type Body<T extends InspectEventBody['type']> = Extract<InspectEventBody, { type: T }>;

const finite = (time: number) => (Number.isFinite(time) ? time : null);

/** The settings that explain the engine's decisions. */
export function settingsOf(config: ResolvedOptions, crossTab: boolean): InspectSettings {
  return {
    idleTimeout: config.idleTimeout,
    warningBefore: config.warningBefore,
    keepalive: config.keepalive === null ? null : typeof config.keepalive === 'function' ? 'function' : 'url',
    keepaliveInterval: config.keepaliveInterval,
    expiresHeader: config.expiresHeader,
    crossTab,
    refresh: config.refresh !== undefined,
    revalidate: config.revalidate !== null,
    redirectMeansExpired: config.redirectMeansExpired,
    activityDuringWarning: config.activityDuringWarning,
  };
}

/** A response the session read: where it came from and what it said. */
export function responseEvent(
  response: Response,
  read: { via: ResponseVia; method: string | null; expired: boolean; current: boolean; header: string | null; now: number },
): Body<'response'> {
  const { via, method, expired, current, header, now } = read;
  return {
    type: 'response',
    via,
    method,
    path: pathOf(response.url),
    sameOrigin: isSameOrigin(response.url),
    status: response.status,
    expired,
    redirected: response.redirected || response.type === 'opaqueredirect',
    expiryHeader: header !== null && response.headers.has(header),
    dateSkew: clockSkew(now, response.headers.get('Date')) ?? null,
    current,
  };
}

/** What became of a response's expiry header, or nothing when it had none. `current`: the server expiry read it. */
export function expiryHeaderEvent(response: Response, header: string | null, server: ServerExpiry, current: boolean): Body<'expiryHeader'> | undefined {
  const value = header === null ? null : response.headers.get(header);
  if (header === null || value === null) return undefined;
  const reading = current ? server.reading : null;
  return { type: 'expiryHeader', header, value, expiry: reading?.expiry ?? null, skew: reading?.skew ?? null, outcome: reading?.outcome ?? 'oldSession' };
}

/**
 * The deadline as `inspect` tells it: `null` for none (or once ended), and which source binds it.
 * `idleDeadline` is `Infinity` without idle tracking or while busy.
 */
export function deadlineEvent(end: number, idleDeadline: number, serverExpiry: number, running: boolean): Body<'deadline'> {
  const shown = running && Number.isFinite(end) ? end : null;
  const binds = shown === null ? null : serverExpiry < idleDeadline ? 'server' : 'idle';
  return { type: 'deadline', deadline: shown, binds, idleDeadline: finite(idleDeadline), serverExpiry: finite(serverExpiry) };
}
