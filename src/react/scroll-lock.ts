/**
 * Keeps the page behind a modal dialog from scrolling, through the CSSOM only: `overflow: hidden`
 * on <html>, and `scrollbar-gutter: stable` when the page had a scrollbar that took space, so
 * nothing moves sideways when it goes. No <style> element and no `style` attribute string, so a
 * strict Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline') allows it. The undo puts
 * back exactly what the page had set inline on <html>.
 */

/** The <html> properties the lock sets. */
const LOCKED = ['overflow-x', 'overflow-y', 'scrollbar-gutter'] as const;

let holders = 0;
let restore: (() => void) | null = null;

function lock(): () => void {
  const root = document.documentElement;
  const { style } = root;
  const saved = LOCKED.map((name) => ({ name, value: style.getPropertyValue(name), priority: style.getPropertyPriority(name) }));
  // A scrollbar that takes space (not an overlay scrollbar): keep its gutter, unless the page
  // already chose one (`stable both-edges`, say).
  const scrollbarWidth = window.innerWidth - root.clientWidth;
  const gutter = scrollbarWidth > 0 && getComputedStyle(root).getPropertyValue('scrollbar-gutter') === 'auto';
  style.setProperty('overflow-x', 'hidden', 'important');
  style.setProperty('overflow-y', 'hidden', 'important');
  if (gutter) style.setProperty('scrollbar-gutter', 'stable', 'important');
  return () => {
    for (const { name, value, priority } of saved) {
      if (value) style.setProperty(name, value, priority);
      else style.removeProperty(name);
    }
  };
}

/**
 * Locks the page's scrolling until the returned undo is called. Nested holders (two providers'
 * dialogs) share one lock: the page is restored when the last one lets go.
 */
export function lockScroll(): () => void {
  if (holders++ === 0) restore = lock();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) {
      restore?.();
      restore = null;
    }
  };
}
