/** The DOM as a source of activity and of moments to re-check the deadline. */

/**
 * What counts as a person using the page. Not `scroll`: it also fires for programmatic scrolling.
 * Not `mousemove`: `pointermove` covers mouse, pen and touch.
 */
export const DEFAULT_ACTIVITY_EVENTS: readonly string[] = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'];

/** A page with a DOM (not a server render, not Node). */
export const hasDom = () => typeof window !== 'undefined' && typeof document !== 'undefined';

/** Listens for activity on one window (the page's, a frame's, a popup's) and returns the detach function. */
export type ListenOn = (target: Window) => () => void;

/**
 * Makes `listenOn(target)`, which calls `onActivity` for each of `events` on `target` (capture,
 * passive). Every window it listens on shares one throttle: at most one activity per `throttleMs`
 * overall, so within that time an event anywhere costs one timestamp compare. A pointermove that
 * did not move (the page moved under a resting pointer) is not activity; each window keeps its own
 * last position, as each has its own coordinates.
 */
export function createActivityListener(
  events: readonly string[],
  now: () => number,
  throttleMs: number,
  onActivity: (time: number) => void,
  onThrottled: () => void = () => {}, // `session.inspect` hears ignored events too
): ListenOn {
  let lastReported = -Infinity;
  return (target) => {
    let lastX = NaN;
    let lastY = NaN;
    const listener = (event: Event) => {
      const time = now();
      if (time - lastReported < throttleMs) return onThrottled();
      if (event.type === 'pointermove' || event.type === 'mousemove') {
        const { clientX, clientY } = event as MouseEvent;
        if (clientX === lastX && clientY === lastY) return;
        lastX = clientX;
        lastY = clientY;
      }
      lastReported = time;
      onActivity(time);
    };

    const options: AddEventListenerOptions = { capture: true, passive: true };
    for (const type of events) target.addEventListener(type, listener, options);
    return () => {
      for (const type of events) target.removeEventListener(type, listener, options);
    };
  };
}

/** Listens for activity on the page's own window, where there is one. Returns the detach function. */
export function listenForActivity(listenOn: ListenOn): () => void {
  return hasDom() ? listenOn(window) : () => {};
}

/**
 * Calls `onWake` when the page may have missed time: shown again, focused, restored from the
 * back/forward cache, resumed after a freeze, back online. None of these is activity.
 */
export function listenForWake(onWake: () => void): () => void {
  if (!hasDom()) return () => {};
  const onDocument = ['visibilitychange', 'resume'];
  const onWindow = ['focus', 'pageshow', 'online'];
  for (const type of onDocument) document.addEventListener(type, onWake);
  for (const type of onWindow) window.addEventListener(type, onWake);
  return () => {
    for (const type of onDocument) document.removeEventListener(type, onWake);
    for (const type of onWindow) window.removeEventListener(type, onWake);
  };
}
