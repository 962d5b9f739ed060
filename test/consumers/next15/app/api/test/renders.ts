// What the browser check reads back: how many times the server rendered a page, for whom.
// Kept on globalThis: every part of `next start` runs in this one process, but each route may
// bundle its own copy of a module.
type Renders = Record<string, string[]>;
const renders: Renders = ((globalThis as { __renders?: Renders }).__renders ??= {});

export function countRender(page: string, user: string | undefined) {
  (renders[page] ??= []).push(user ?? '(nobody)');
}

export const readRenders = (): Renders => renders;
