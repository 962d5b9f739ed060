/**
 * `session.watch(target)`: activity in a same-origin iframe (an editor, a PDF viewer) or in
 * another window counts as activity in the page. Events inside a frame never reach the page's own
 * window, so without this a person typing in an embedded editor would be signed out as idle.
 *
 * The targets are listened on only while the session is started, through the session's own
 * activity listener (one throttle for every window). A frame is followed: each `load` of the
 * element (it navigated, or was reloaded) moves the listeners to its new document's window.
 */
import type { ListenOn } from './activity.ts';
import { optionError, warnOnce } from './errors.ts';

/** One watched target: listens while attached. */
interface Watched {
  attach(listenOn: ListenOn): void;
  detach(): void;
}

export function createWatches() {
  const watched = new Set<Watched>();
  let listening: ListenOn | null = null;

  /** Leaves a target that is gone (a closed window): nothing to listen to any more. */
  const forget = (entry: Watched) => {
    if (watched.delete(entry)) entry.detach();
  };

  return {
    /** Watches `target` (attached at once while listening); returns the idempotent unwatch. */
    watch(target: unknown): () => void {
      if (!isFrame(target) && !isWindow(target)) throw optionError('target', process.env.NODE_ENV !== 'production' && 'an iframe element or a window', target);
      const entry: Watched = isFrame(target) ? watchFrame(target) : watchWindow(target, () => forget(entry));
      watched.add(entry);
      if (listening !== null) entry.attach(listening);
      return () => forget(entry);
    },
    /** The session started: listen on every target with `listenOn`. */
    attach(listenOn: ListenOn) {
      listening = listenOn;
      for (const entry of [...watched]) entry.attach(listenOn);
    },
    /** The session stopped: every listener goes; the targets stay watched for the next start. */
    detach() {
      listening = null;
      for (const entry of watched) entry.detach();
    },
  };
}

/** An `<iframe>` element, from this realm or another (a frame inside a frame). */
function isFrame(value: unknown): value is HTMLIFrameElement {
  const element = value as Partial<HTMLIFrameElement> | null;
  return typeof element === 'object' && element !== null && element.nodeType === 1 && element.localName === 'iframe' && 'contentWindow' in element;
}

/** A window, same-origin or not, open or closed: `window` is one of the few properties readable across origins. */
function isWindow(value: unknown): value is Window {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return (value as Window).window === value;
  } catch {
    return false;
  }
}

/**
 * Listens on `target`, or warns once (per `owner`) when it is cross-origin, whose events a page
 * cannot hear: reading anything but a handful of its properties throws a SecurityError.
 */
function listenIfSameOrigin(target: Window, listenOn: ListenOn, owner: HTMLIFrameElement | Window): (() => void) | null {
  try {
    return listenOn(target);
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name !== 'SecurityError') throw error;
    if (process.env.NODE_ENV !== 'production') {
      const source = owner === target ? '' : (owner as HTMLIFrameElement).src;
      const what = owner === target ? 'a window' : source ? `the frame ${JSON.stringify(source)}` : 'the frame';
      warnOnce(
        owner,
        'watch-cross-origin',
        `session.watch(): ${what} is cross-origin, so its events cannot be heard and its activity is not counted. Have the page in it report its own activity through postMessage (window.parent.postMessage or window.opener.postMessage), and call session.reportActivity() from a message listener here that checks event.origin.`,
        owner,
      );
    }
    return null;
  }
}

/** Removes listeners from a window; one that navigated to another origin meanwhile took them along. */
function release(detach: (() => void) | null) {
  try {
    detach?.();
  } catch {
    // Cross-origin now: its old document, and the listeners on it, are gone.
  }
}

/**
 * A frame: listens on its current window, and on each `load` of the element moves to the window
 * of the new document. A cross-origin document is skipped (one warning) and the frame still
 * followed: it may navigate back to the same origin.
 */
function watchFrame(frame: HTMLIFrameElement): Watched {
  let listening: ListenOn | null = null;
  let detachWindow: (() => void) | null = null;

  const follow = () => {
    release(detachWindow);
    detachWindow = null;
    const target = frame.contentWindow; // null while the frame is not in a document
    if (listening !== null && target !== null) detachWindow = listenIfSameOrigin(target, listening, frame);
  };

  return {
    attach(listenOn) {
      if (listening !== null) return;
      listening = listenOn;
      frame.addEventListener('load', follow);
      follow();
    },
    detach() {
      if (listening === null) return;
      listening = null;
      frame.removeEventListener('load', follow);
      release(detachWindow);
      detachWindow = null;
    },
  };
}

/**
 * A window (from `window.open`): listens on it until it closes; then it is forgotten, without
 * an error. Its first document, when it was opened on a same-origin URL, keeps the listeners (the
 * browser keeps the window of the initial about:blank for it); a later navigation to another page
 * is not followed.
 */
function watchWindow(target: Window, gone: () => void): Watched {
  let detachWindow: (() => void) | null = null;
  // Closing unloads it: look right after whether it is closed, and leave it then.
  const onPageHide = () => {
    setTimeout(() => {
      if (target.closed) gone();
    }, 0);
  };

  return {
    attach(listenOn) {
      if (detachWindow !== null) return;
      if (target.closed) {
        gone();
        return;
      }
      const detach = listenIfSameOrigin(target, listenOn, target);
      if (detach === null) return;
      target.addEventListener('pagehide', onPageHide);
      detachWindow = () => {
        detach();
        target.removeEventListener('pagehide', onPageHide);
      };
    },
    detach() {
      if (!target.closed) release(detachWindow);
      detachWindow = null;
    },
  };
}
