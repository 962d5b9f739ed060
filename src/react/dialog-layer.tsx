'use client';
/**
 * The one modal layer both dialogs render into. One Radix dialog, kept open across the move from
 * warning to re-login, so there are never two modal layers (Radix would leave `pointer-events: none`
 * on <body>); one owner makes the page behind `inert` and returns focus to where it was before the
 * first dialog opened. It injects no <style> element and no HTML string: styles go through the
 * CSSOM, which a strict Content-Security-Policy allows.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

import { MESSAGE_PREFIX } from '../core/errors.ts';
import { PROVIDER_NAME } from './context.ts';
import { useCssomStyle } from './cssom-style.ts';
import { useIsomorphicLayoutEffect } from './layout-effect.ts';
import { lockScroll } from './scroll-lock.ts';
import { useSession } from './useSession.ts';

export type LayerKind = 'warning' | 'relogin';

export interface LayerEntry {
  /** The dialog's body: title, description, actions. */
  content: ReactNode;
  role: 'alertdialog' | 'dialog';
  /** What Escape does; nothing when absent (the re-login cannot be dismissed). */
  onEscape?: () => void;
  /** False hides the dialog while its status lasts (the person acknowledged a hard limit). */
  open?: boolean;
  /** The dialog's language, when it differs from the page's (the dialog lives in a portal on <body>). */
  lang?: string;
  className?: string;
  overlayClassName?: string;
  /**
   * Hide the page behind while the dialog is open (the re-login after an idle expiry on a shared
   * computer): not readable, yet mounted, so it comes back as it was.
   */
  hidePage?: boolean;
}

interface LayerApi {
  register(kind: LayerKind, entry: LayerEntry | null): void;
  /** A polite message outside the dialog, e.g. "You are signed in again" (WCAG 4.1.3). */
  announce(message: string): void;
}

const LayerContext = createContext<LayerApi | null>(null);

export function useDialogLayer(component: string): LayerApi {
  const layer = useContext(LayerContext);
  if (!layer) throw new Error(`${MESSAGE_PREFIX} <${component}> must be rendered inside <${PROVIDER_NAME}>.`);
  return layer;
}

/** Registers a dialog body with the layer for as long as the component is mounted. */
export function useLayerEntry(component: string, kind: LayerKind, entry: LayerEntry) {
  const layer = useDialogLayer(component);
  // Before the browser paints, so an opening dialog never shows an old body.
  useIsomorphicLayoutEffect(() => layer.register(kind, entry), [layer, kind, entry]);
  useIsomorphicLayoutEffect(() => () => layer.register(kind, null), [layer, kind]);
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Makes everything but `keep` and its ancestors inert; returns the undo. */
function inertOthers(keep: Element): () => void {
  const changed: Element[] = [];
  for (let node: Element = keep; node.parentElement && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement.children) {
      if (sibling === node || sibling.hasAttribute('inert') || sibling.matches('script, style, [aria-live]')) continue;
      sibling.setAttribute('inert', '');
      changed.push(sibling);
    }
  }
  return () => {
    for (const element of changed) element.removeAttribute('inert');
  };
}

/**
 * Hides everything but `keep` and its ancestors with `visibility: hidden !important` set through
 * the CSSOM (a strict CSP allows it; no stylesheet needed); returns the undo, which puts back each
 * element's own inline visibility. The page stays mounted and laid out: form values, scroll
 * positions and focus targets are kept.
 */
function hideOthers(keep: Element): () => void {
  const changed: { element: HTMLElement | SVGElement; value: string; priority: string }[] = [];
  for (let node: Element = keep; node.parentElement && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement.children) {
      if (sibling === node || !(sibling instanceof HTMLElement || sibling instanceof SVGElement) || sibling.matches('script, style')) continue;
      const { style } = sibling;
      changed.push({ element: sibling, value: style.getPropertyValue('visibility'), priority: style.getPropertyPriority('visibility') });
      style.setProperty('visibility', 'hidden', 'important');
    }
  }
  return () => {
    for (const { element, value, priority } of changed) {
      if (value) element.style.setProperty('visibility', value, priority);
      else element.style.removeProperty('visibility');
    }
  };
}

const overlayStyle = { pointerEvents: 'auto' } as const;

/** Visually hidden, still read: for live regions. Strings with units, so the CSSOM takes them as they are. */
export const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  padding: '0',
  margin: '-1px',
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: '0',
} as const;

export function DialogLayer({ children }: { children?: ReactNode }) {
  const announcerStyle = useCssomStyle<HTMLDivElement>(visuallyHidden);
  const [entries, setEntries] = useState<Partial<Record<LayerKind, LayerEntry>>>({});
  const [message, setMessage] = useState('');
  const status = useSession((snapshot) => snapshot.status);
  const [content, setContent] = useState<HTMLDivElement | null>(null);
  const returnFocusTo = useRef<Element | null>(null);
  const undoInert = useRef<(() => void) | null>(null);

  const register = useCallback((kind: LayerKind, entry: LayerEntry | null) => {
    setEntries((current) => (current[kind] === entry ? current : { ...current, [kind]: entry ?? undefined }));
  }, []);
  const api = useMemo<LayerApi>(() => ({ register, announce: setMessage }), [register]);

  const kind: LayerKind | null = status === 'warning' ? 'warning' : status === 'expired' ? 'relogin' : null;
  const entry = kind ? entries[kind] : undefined;
  const open = entry !== undefined && entry.open !== false;
  // While closing, the last body stays for Radix to unmount it: the last open entry, kept from
  // render to render (set during render, React's pattern for information from earlier renders).
  const [lastOpen, setLastOpen] = useState<LayerEntry | undefined>(undefined);
  if (open && entry !== lastOpen) setLastOpen(entry);
  const current = open ? entry : lastOpen;
  // Only while open: the page comes back the moment the dialog starts to close.
  const hidePage = open && entry.hidePage === true;

  // Before any dialog effect moves focus: remember where the person was, to come back there.
  useIsomorphicLayoutEffect(() => {
    if (!open) return;
    if (returnFocusTo.current === null) returnFocusTo.current = document.activeElement;
    setMessage('');
  }, [open]);

  // Each body focuses its own first control; custom content may not: then the first focusable
  // element, or the dialog itself, so focus is never left on <body>. (Parent effects run after
  // the body's.)
  useEffect(() => {
    if (!content || content.contains(document.activeElement)) return;
    const first = content.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? content).focus();
  }, [content, kind]);

  // The page behind is inert, not merely aria-hidden: nothing there can take focus.
  useIsomorphicLayoutEffect(() => {
    if (!content) return;
    const undo = inertOthers(content);
    undoInert.current = undo;
    return undo;
  }, [content]);

  // The page behind does not scroll while a dialog is open; before the browser paints.
  useIsomorphicLayoutEffect(() => (open ? lockScroll() : undefined), [open]);

  // On a shared computer the page behind is not readable either: hidden, not blurred, and without
  // the optional theme too. Before the browser paints, so it never shows for a frame.
  useIsomorphicLayoutEffect(() => {
    if (!content || !hidePage) return;
    return hideOthers(content);
  }, [content, hidePage]);

  const restoreFocus = (event: Event) => {
    undoInert.current?.();
    const target = returnFocusTo.current;
    returnFocusTo.current = null;
    if (target instanceof HTMLElement && target.isConnected && target !== document.body) {
      event.preventDefault();
      target.focus({ preventScroll: true });
    }
  };

  return (
    <LayerContext.Provider value={api}>
      {children}
      {/* Styled through the CSSOM: the provider is server-rendered, and a style attribute would break a strict CSP. */}
      <div ref={announcerStyle} role="status" aria-live="polite" data-rst="announcer">
        {message}
      </div>
      <Dialog.Root open={open}>
        <Dialog.Portal>
          {/*
           * Our own overlay, not Dialog.Overlay: Radix's locks scrolling by injecting a <style>
           * element, which a strict CSP blocks (and reports). The page behind is inert and its
           * scrolling locked through the CSSOM (scroll-lock.ts). Pointer events on: Radix sets
           * `pointer-events: none` on <body> while the dialog is open.
           */}
          <div
            data-rst="overlay"
            data-state={open ? 'open' : 'closed'}
            data-status={status}
            data-hide-page={hidePage ? '' : undefined}
            className={current?.overlayClassName}
            style={overlayStyle}
          />
          <Dialog.Content
            ref={setContent}
            role={current?.role ?? 'dialog'}
            aria-modal="true"
            lang={current?.lang}
            data-rst="dialog"
            data-kind={kind ?? undefined}
            data-hide-page={hidePage ? '' : undefined}
            data-status={status}
            className={current?.className}
            onOpenAutoFocus={(event) => event.preventDefault() /* each body focuses its own first control */}
            onCloseAutoFocus={restoreFocus}
            onEscapeKeyDown={(event) => {
              event.preventDefault();
              current?.onEscape?.();
            }}
            onPointerDownOutside={(event) => event.preventDefault()}
            onInteractOutside={(event) => event.preventDefault()}
          >
            {current?.content}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </LayerContext.Provider>
  );
}
