/**
 * The devtools' look, as inline style objects only: no <style> element and no stylesheet, so it
 * works under a strict Content-Security-Policy and on a page with no theme. System colours
 * (Canvas, CanvasText, ButtonFace...) under `color-scheme: light dark` follow the person's light or
 * dark setting with the browser's own contrast; the few accents read at 3:1 or more on both.
 * No `outline` is set anywhere, so the browser's focus ring shows on every control.
 */
import type { CSSProperties } from 'react';

import type { Tone } from './timeline-model.ts';

const font = '13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Accents for marks: each at least 3:1 against white and against black (WCAG 1.4.11). */
export const toneColour: Record<Tone, string> = {
  activity: '#2563eb',
  ok: '#16a34a',
  alarm: '#dc2626',
  waiting: '#d97706',
  neutral: '#6b7280',
  muted: '#6b7280',
};

export const bandFill = 'rgba(217, 119, 6, 0.28)';

export const corner = (position: 'bottom-right' | 'bottom-left'): CSSProperties => (position === 'bottom-left' ? { left: 16 } : { right: 16 });

/**
 * Just below the library's dialogs (the theme's --rst-z-index is 2147483000): while one is open
 * the page, the devtools included, is inert behind it, and must not cover its buttons.
 */
const BELOW_THE_DIALOGS = 2147482000;

export const toggleStyle: CSSProperties = {
  position: 'fixed',
  bottom: 16,
  zIndex: BELOW_THE_DIALOGS,
  colorScheme: 'light dark',
  font,
  fontWeight: 600,
  minWidth: 24,
  minHeight: 32,
  padding: '4px 12px',
  color: 'ButtonText',
  background: 'ButtonFace',
  border: '1px solid CanvasText',
  borderRadius: 16,
  cursor: 'pointer',
};

export const panelStyle: CSSProperties = {
  position: 'fixed',
  bottom: 60,
  zIndex: BELOW_THE_DIALOGS,
  boxSizing: 'border-box',
  width: 'min(760px, calc(100vw - 32px))',
  maxHeight: 'min(80vh, calc(100vh - 80px))',
  overflow: 'auto',
  padding: 12,
  colorScheme: 'light dark',
  font,
  color: 'CanvasText',
  background: 'Canvas',
  border: '1px solid CanvasText',
  borderRadius: 8,
  boxShadow: '0 8px 24px rgba(0, 0, 0, 0.25)',
  textAlign: 'start',
};

export const headingStyle: CSSProperties = { margin: '12px 0 4px', font, fontSize: 14, fontWeight: 700 };

export const listStyle: CSSProperties = { margin: 0, paddingInlineStart: 20 };

export const smallStyle: CSSProperties = { fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' };

export const findingStyle: CSSProperties = {
  margin: '0 0 8px',
  padding: '6px 8px',
  borderInlineStart: `4px solid ${toneColour.alarm}`,
  listStyle: 'none',
};

export const eventsStyle: CSSProperties = {
  ...listStyle,
  maxHeight: 200,
  overflow: 'auto',
  border: '1px solid GrayText',
  borderRadius: 4,
  padding: '4px 4px 4px 36px',
};

export const buttonRowStyle: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 };

export const buttonStyle: CSSProperties = {
  minWidth: 24,
  minHeight: 28,
  padding: '4px 10px',
  font,
  color: 'ButtonText',
  background: 'ButtonFace',
  border: '1px solid CanvasText',
  borderRadius: 4,
  cursor: 'pointer',
};
