/**
 * The panel's height: what the person chose with the handle, kept within what the viewport
 * leaves (above the toggle, below the top edge), and remembered for the page's session in
 * sessionStorage, so a reload or another open finds it as it was left.
 */
import { PANEL_BOTTOM, PANEL_TOP_GAP } from './styles.ts';

const KEY = 'react-session-timeout:devtools-height';
/** The title bar, the action row and a few lines of the body between them. */
const MIN_HEIGHT = 160;
const DEFAULT_HEIGHT = 480;
/** One arrow key press; Page Up / Page Down move four. */
export const STEP = 32;

export interface HeightRange {
  min: number;
  max: number;
}

/** What the viewport leaves for the panel (`innerHeight`), never less than the smallest panel unless the viewport itself is smaller. */
export function heightRange(viewportHeight: number): HeightRange {
  const max = Math.max(0, Math.floor(viewportHeight - PANEL_BOTTOM - PANEL_TOP_GAP));
  return { min: Math.min(MIN_HEIGHT, max), max };
}

export const clampHeight = (height: number, { min, max }: HeightRange) => Math.round(Math.min(max, Math.max(min, height)));

/** The remembered height, or the default; storage can be unavailable (a sandboxed frame, privacy settings). */
export function rememberedHeight(): number {
  try {
    const stored = Number(sessionStorage.getItem(KEY));
    return Number.isFinite(stored) && stored > 0 ? stored : DEFAULT_HEIGHT;
  } catch {
    return DEFAULT_HEIGHT;
  }
}

export function rememberHeight(height: number) {
  try {
    sessionStorage.setItem(KEY, String(height));
  } catch {
    // Not remembered: the panel still resizes.
  }
}
