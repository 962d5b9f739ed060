'use client';
/**
 * Inline styles set through the CSSOM once the element exists, instead of a `style` prop: a server
 * render writes a prop as a `style="…"` attribute, which a strict Content-Security-Policy
 * (`style-src 'self'`, no `'unsafe-inline'`) blocks. Setting `element.style` is always allowed.
 */
import { useCallback } from 'react';

type Declarations = Readonly<Record<string, string>>;

/**
 * A ref callback that applies `declarations` (camelCase names with units, as strings; keep the
 * object a module constant so the ref stays the same). One ref may go on several elements.
 */
export function useCssomStyle<T extends HTMLElement>(declarations: Declarations): (element: T | null) => void {
  return useCallback(
    (element: T | null) => {
      if (element) Object.assign(element.style, declarations);
    },
    [declarations],
  );
}
