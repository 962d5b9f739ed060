/**
 * Plain-language labels for recorded events, for the devtools' events list and the timeline's
 * accessible names. A label prints only fields the event carries (statuses, methods, paths, HTTP
 * statuses, the expiry header's value), never anything else: the events are what `inspect` chose
 * to let out, and the panel must not widen that.
 */
import { shortDuration } from './diagnose.ts';
import type { RecordedEvent } from './recorder.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const pad = (n: number) => String(n).padStart(2, '0');

/** "10:42:05": local time of day, as a developer reads it beside their server logs. */
export function clockTime(at: number): string {
  const date = new Date(at);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "9:05": minutes and seconds left, rounded up (the last second shows "0:01", not "0:00"). */
export function timeLeft(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / SECOND));
  return `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
}

/** "POST /api/expenses", "/api/expenses" when the method is unknown. */
function request(method: string | null, path: string | null): string {
  return [method, path || '(no path)'].filter(Boolean).join(' ');
}

const activityIgnored = {
  duringWarning: 'the warning is open',
  notRunning: 'the session is not running',
} as const;

const keepaliveTrigger = { background: 'in the background', extend: 'for Stay signed in' } as const;

const tabDirection = { out: 'Tab message sent', in: 'Tab message received' } as const;

const signedInVia = { resume: 'Signed in (re-login)', refresh: 'Signed in (refresh)', otherTab: 'Signed in in another tab' } as const;

const refreshPhase = {
  started: 'Refresh started',
  renewed: 'Refresh renewed the session',
  failed: 'Refresh failed',
  elsewhere: 'Refreshed in another tab',
} as const;

/** Skew beyond which a response line mentions it: `Date` has whole seconds and requests take time. */
const NOTABLE_SKEW = MINUTE;

/** Browser minus server: positive means the server's clock is behind. */
function skewWords(skew: number): string {
  return `server clock ${shortDuration(skew)} ${skew > 0 ? 'behind' : 'ahead'}`;
}

/** One line for one recorded event, without its time (the list shows that beside it). */
export function describeEvent(event: RecordedEvent): string {
  switch (event.type) {
    case 'inspect':
      return `Recording began: status ${event.status}${event.reason ? ` (${event.reason})` : ''}`;
    case 'activity': {
      const times = event.count !== undefined && event.count > 1 ? ` ×${event.count}` : '';
      const throttled = event.throttled > 0 ? ` (+${event.throttled} within a second, unseen)` : '';
      if (event.outcome === 'taken') return `Activity taken (${event.source})${times}${throttled}`;
      return `Activity ignored (${event.source}): ${activityIgnored[event.outcome]}${times}${throttled}`;
    }
    case 'deadline':
      if (event.deadline === null || event.binds === null) return 'No deadline';
      return `Deadline ${clockTime(event.deadline)}, bound by ${event.binds === 'server' ? 'the server' : 'idle time'}`;
    case 'expiryHeader': {
      const outcome = event.outcome === 'taken' ? 'taken' : `ignored (${event.outcome})`;
      const expiry = event.outcome === 'taken' && event.expiry !== null ? `, expires ${clockTime(event.expiry)}` : '';
      const skew = event.skew !== null && Math.abs(event.skew) > NOTABLE_SKEW ? `, ${skewWords(event.skew)}` : '';
      return `${event.header} "${event.value}": ${outcome}${expiry}${skew}`;
    }
    case 'response': {
      const notes = [
        event.expired ? 'expired' : null,
        event.redirected ? 'redirected' : null,
        event.sameOrigin === false ? 'cross-origin' : null,
        event.current ? null : 'sent before the latest sign-in',
        event.dateSkew !== null && Math.abs(event.dateSkew) > NOTABLE_SKEW ? skewWords(event.dateSkew) : null,
      ].filter(Boolean);
      const via = event.via === 'fetch' ? '' : ` (${event.via})`;
      return `Response ${event.status} ${request(event.method, event.path)}${via}${notes.length > 0 ? `: ${notes.join(', ')}` : ''}`;
    }
    case 'keepalive':
      if (event.phase === 'sent') return `Keepalive sent ${keepaliveTrigger[event.trigger]}`;
      if (event.phase === 'failed') return 'Keepalive failed: no answer';
      return `Keepalive answered${event.status === null ? '' : ` ${event.status}`}${event.result ? `: ${event.result}` : ''}`;
    case 'request':
      return `Request ${event.phase}: ${request(event.method, event.path)}${event.phase === 'rejected' && event.reason ? ` (${event.reason})` : ''}`;
    case 'tab':
      return `${tabDirection[event.direction]}: ${event.kind}`;
    case 'status':
      return `Status ${event.from} → ${event.to} (${event.event})`;
    case 'signedIn':
      return signedInVia[event.via];
    case 'configure':
      return (
        `Configured ${event.from === 'here' ? 'here' : 'in another tab'}: idle ${shortDuration(event.idleTimeout)}, ` +
        `warning ${shortDuration(event.warningBefore)}, keepalive ${event.keepalive ? `every ${shortDuration(event.keepaliveInterval)}` : 'none'}`
      );
    case 'busy':
      return event.phase === 'began' ? 'Busy: a task began' : 'Busy: the last task settled';
    case 'refresh':
      return refreshPhase[event.phase];
  }
}
