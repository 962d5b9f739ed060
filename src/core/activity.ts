/** The DOM as a source of activity and of moments to re-check the deadline. */

/**
 * What counts as a person using the page. Not `scroll`: it also fires for programmatic scrolling.
 * Not `mousemove`: `pointermove` covers mouse, pen and touch.
 */
export const DEFAULT_ACTIVITY_EVENTS: readonly string[] = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'];

const hasDom = () => typeof window !== 'undefined' && typeof document !== 'undefined';

/**
 * Calls `onActivity` for each of `events` on the window, at most once per `throttleMs`: within that
 * window an event costs one timestamp compare. A pointermove that did not move (the page moved
 * under a resting pointer) is not activity. Returns the detach function.
 */
export function listenForActivity(events: readonly string[], now: () => number, throttleMs: number, onActivity: (time: number) => void): () => void {
  if (!hasDom()) return () => {};
  let lastReported = -Infinity;
  let lastX = NaN;
  let lastY = NaN;

  const listener = (event: Event) => {
    const time = now();
    if (time - lastReported < throttleMs) return;
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
  for (const type of events) window.addEventListener(type, listener, options);
  return () => {
    for (const type of events) window.removeEventListener(type, listener, options);
  };
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
