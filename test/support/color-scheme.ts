// For browser tests: the person's light or dark system setting, through the command vite.config.ts defines.
import { commands } from 'vitest/browser';

declare module 'vitest/browser' {
  interface BrowserCommands {
    emulateColorScheme(colorScheme: 'light' | 'dark'): Promise<void>;
  }
}

/** Sets prefers-color-scheme for the page under test; `light` again after the test that darkens it. */
export function emulateColorScheme(colorScheme: 'light' | 'dark') {
  return commands.emulateColorScheme(colorScheme);
}
