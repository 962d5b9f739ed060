/**
 * `session.inspect`: the one place inspect events come from. It observes every kernel event
 * (kernel.ts `onEvery`), passes on those that explain a decision, and adds what only a listener
 * needs (a response's path, origin and `Date` skew; what became of its expiry header; how many DOM
 * events the throttle let pass). With no listener it builds nothing.
 */
import type { Feature } from '../compose.ts';
import type { KernelEvent, KernelEventOf } from '../events.ts';
import { createTap, isSameOrigin, pathOf, type InspectEventBody, type InspectListener, type InspectSettings } from '../inspect.ts';
import type { Kernel } from '../kernel-api.ts';
import { isRunning } from '../machine.ts';
import type { ResolvedOptions } from '../options.ts';
import { clockSkew } from '../server-expiry.ts';
import { finiteOrNull } from '../status-effects.ts';

export interface InspectMethods {
  /** A tap on the engine's decisions (see `Session.inspect`). Returns the function that stops listening. */
  inspect(listener: InspectListener): () => void;
}

/** What a kernel event tells a listener, or `undefined` when nothing. `throttled`: DOM events let pass since the last taken. */
function toInspected(event: KernelEvent, kernel: Kernel, throttled: () => number): InspectEventBody | undefined {
  const header = kernel.config.expiresHeader;
  switch (event.type) {
    case 'activity':
      return event.source === 'dom' ? { ...event, throttled: throttled() } : event;
    case 'response': {
      const { response } = event;
      return {
        type: 'response',
        via: event.via,
        method: event.method,
        path: pathOf(response.url),
        sameOrigin: isSameOrigin(response.url),
        status: response.status,
        expired: event.expired,
        redirected: response.redirected || response.type === 'opaqueredirect',
        expiryHeader: header !== null && response.headers.has(header),
        dateSkew: clockSkew(kernel.clock.now(), response.headers.get('Date')) ?? null,
        current: event.current,
      };
    }
    case 'learned': {
      const value = header === null ? null : event.response.headers.get(header);
      if (header === null || value === null) return undefined;
      const reading = event.current ? kernel.server.reading : null;
      return { type: 'expiryHeader', header, value, expiry: reading?.expiry ?? null, skew: reading?.skew ?? null, outcome: reading?.outcome ?? 'oldSession' };
    }
    case 'keepalive':
    case 'request':
    case 'tab':
    case 'status':
    case 'signedIn':
    case 'configure':
    case 'busy':
    case 'refresh':
      return event;
    default:
      return undefined; // the kernel's own coordination: nothing a listener needs
  }
}

/** The deadline as told: `null` for none (or ended), and which source binds it. */
function deadlineOf(kernel: Kernel): KernelEventOf<'deadline'> {
  const idle = kernel.deadlines.idleDeadline();
  const end = kernel.deadlines.deadline();
  const shown = isRunning(kernel.state()) && Number.isFinite(end) ? end : null;
  const binds = shown === null ? null : kernel.server.expiry < idle ? 'server' : 'idle';
  return { type: 'deadline', deadline: shown, binds, idleDeadline: finiteOrNull(idle), serverExpiry: finiteOrNull(kernel.server.expiry) };
}

function settingsOf(kernel: Kernel, config: ResolvedOptions): InspectSettings {
  return {
    idleTimeout: config.idleTimeout,
    warningBefore: config.warningBefore,
    keepalive: config.keepalive === null ? null : typeof config.keepalive === 'function' ? 'function' : 'url',
    keepaliveInterval: config.keepaliveInterval,
    expiresHeader: config.expiresHeader,
    crossTab: kernel.peers !== null,
    refresh: config.refresh !== undefined,
    revalidate: config.revalidate !== null,
    redirectMeansExpired: config.redirectMeansExpired,
    activityDuringWarning: config.activityDuringWarning,
  };
}

export const inspect: Feature<InspectMethods> = {
  name: 'inspect',
  install(kernel, config) {
    const tap = createTap(kernel.clock.now);
    let throttled = 0; // DOM events the throttle let pass since the last one a listener heard of
    const taken = () => {
      const count = throttled;
      throttled = 0;
      return count;
    };
    let toldDeadline: number | null | undefined; // the last deadline a listener heard of
    let activityTaken = false; // the activity event said the deadline moves with it
    /** Tells the deadline when it moved (other than with activity, which says so itself). */
    const tellDeadline = () => {
      const event = deadlineOf(kernel);
      if (event.deadline === toldDeadline) return;
      toldDeadline = event.deadline;
      tap.emit(event);
    };
    kernel.onEvery((event) => {
      if (!tap.on) return;
      if (event.type === 'throttled') throttled++;
      if (event.type === 'decided') return tellDeadline();
      if (event.type === 'worked' && activityTaken) toldDeadline = deadlineOf(kernel).deadline;
      // Taken activity is followed by its status change, if any, then by `worked`.
      if (event.type !== 'status') activityTaken = event.type === 'activity' && event.outcome === 'taken';
      const told = toInspected(event, kernel, taken);
      if (told !== undefined) tap.emit(told);
    });
    return {
      inspect(listener) {
        const state = kernel.state();
        const stop = tap.listen(listener, () => ({ type: 'inspect', status: state.status, reason: state.reason, settings: settingsOf(kernel, config) }));
        toldDeadline = undefined; // every listener hears where the deadline stands, right after the settings
        tellDeadline();
        return stop;
      },
    };
  },
};
