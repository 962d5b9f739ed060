/**
 * The devtools' look, as inline style objects only: no <style> element and no stylesheet, so it
 * works under a strict Content-Security-Policy and on a page with no theme. System colours
 * (Canvas, CanvasText, ButtonFace...) follow the colour scheme with the browser's own contrast:
 * the theme's `--rst-color-scheme` when styles.css is on the page (so `data-rst-theme` switches
 * the devtools too), else the person's light or dark setting. The few accents read at 3:1 or
 * more on both. No `outline` is set anywhere, so the browser's focus ring shows on every control.
 */
import type { CSSProperties } from 'react';

import type { Tone } from './timeline-model.ts';

const colorScheme = 'var(--rst-color-scheme, light dark)';

/** A tint of the text colour over the background: a surface a step off the panel's, in either scheme. */
const tint = (percent: number, colour = 'CanvasText') => `color-mix(in srgb, ${colour} ${percent}%, Canvas)`;

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
  colorScheme,
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

/** Room below the panel for the toggle, and the least of the page left showing above it. */
export const PANEL_BOTTOM = 60;
export const PANEL_TOP_GAP = 16;

/**
 * A column of three: the title bar and the action row keep their height, the body between them
 * takes the rest and is the panel's one scroll container. Its height is the person's (the
 * handle), kept inside the viewport by the panel.
 */
export const panelStyle: CSSProperties = {
  position: 'fixed',
  bottom: PANEL_BOTTOM,
  zIndex: BELOW_THE_DIALOGS,
  boxSizing: 'border-box',
  display: 'flex',
  flexDirection: 'column',
  width: 'min(760px, calc(100vw - 32px))',
  colorScheme,
  font,
  color: 'CanvasText',
  background: 'Canvas',
  border: '1px solid CanvasText',
  borderRadius: 8,
  boxShadow: '0 8px 24px rgba(0, 0, 0, 0.25)',
  textAlign: 'start',
};

export const titleBarStyle: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: '4px 8px',
  padding: '6px 8px',
  background: tint(7),
  borderBottom: '1px solid GrayText',
  borderRadius: '7px 7px 0 0',
};

export const titleStyle: CSSProperties = { margin: 0, font, fontSize: 14, fontWeight: 700 };

export const summaryStyle: CSSProperties = { display: 'flex', alignItems: 'center', gap: 6, margin: '0 0 0 auto' };

/** The status's mark beside its word: the word says it, the colour only repeats it. */
export const statusDotStyle = (tone: Tone): CSSProperties => ({
  flex: 'none',
  width: 10,
  height: 10,
  borderRadius: '50%',
  background: toneColour[tone],
});

export const handleStyle: CSSProperties = {
  display: 'grid',
  placeItems: 'center',
  boxSizing: 'border-box',
  width: 24,
  height: 24,
  padding: 0,
  borderRadius: 4,
  border: '1px solid GrayText',
  background: 'Canvas',
  cursor: 'ns-resize',
  touchAction: 'none', // a touch drag resizes, it does not scroll the page
};

export const bodyStyle: CSSProperties = { flex: '1 1 auto', minHeight: 0, overflow: 'auto', padding: '0 12px 12px' };

export const actionRowStyle: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: 8,
  padding: '8px 12px',
  borderTop: '1px solid GrayText',
};

export const headingStyle: CSSProperties = { margin: '12px 0 4px', font, fontSize: 14, fontWeight: 700 };

export const listStyle: CSSProperties = { margin: 0, paddingInlineStart: 20 };

export const smallStyle: CSSProperties = { fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' };

export const findingStyle: CSSProperties = {
  margin: '0 0 8px',
  padding: '6px 8px',
  background: tint(10, toneColour.alarm),
  borderInlineStart: `4px solid ${toneColour.alarm}`,
  borderRadius: 4,
  listStyle: 'none',
};

export const eventsStyle: CSSProperties = { ...listStyle, paddingInlineStart: 32, overflowWrap: 'anywhere' };

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
