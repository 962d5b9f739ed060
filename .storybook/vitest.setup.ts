// Storybook reads `FRAMEWORK_OPTIONS.strictMode` (main.ts) from a global that only its own
// iframe.html sets. Set it here, before the React renderer loads, so stories run under a
// root-level StrictMode in Vitest too.
const g = globalThis as { FRAMEWORK_OPTIONS?: Record<string, unknown> };
g.FRAMEWORK_OPTIONS = { ...g.FRAMEWORK_OPTIONS, strictMode: true };
