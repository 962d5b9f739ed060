import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import type { BrowserCommand } from 'vitest/node';

import { sameOriginRoute } from './test/support/browser-server.ts';

const dirname = path.dirname(fileURLToPath(import.meta.url));

// Playwright's own browser download is not available here: drive the system
// Chromium (Debian package) instead.
const browser = () => ({
  enabled: true,
  headless: true,
  provider: playwright({
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', // CI runs as root
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  }),
  instances: [{ browser: 'chromium' as const }],
});

/**
 * `commands.emulateColorScheme('dark')` in a browser test: prefers-color-scheme as the person's
 * system sets it (the page under test is a frame of this page, and follows it).
 */
const emulateColorScheme: BrowserCommand<['light' | 'dark']> = async ({ page }, colorScheme) => {
  await page.emulateMedia({ colorScheme });
};

// The peer range is React 18 and 19: the root has 19, the test-only workspace test/react18 has 18.
// Its projects send every import of react and react-dom (and their subpaths) there; packages that
// import React themselves are inlined, so the alias reaches their imports too (Node would resolve
// theirs to the root's React 19: two Reacts, "Invalid hook call").
const react18 = path.join(dirname, 'test/react18/node_modules');
const onReact18 = {
  resolve: {
    alias: [
      { find: /^react(\/.*)?$/, replacement: `${react18}/react$1` },
      { find: /^react-dom(\/.*)?$/, replacement: `${react18}/react-dom$1` },
    ],
    // Their `main` is CommonJS, whose require() no alias reaches: take their ES module builds.
    mainFields: ['module', 'main'],
  },
  test: {
    env: { REACT_MAJOR: '18' },
    server: {
      deps: {
        inline: [/@testing-library\/react/, /@radix-ui\//, /react-remove-scroll/, /react-style-singleton/, /use-callback-ref/, /use-sidecar/],
      },
    },
  },
};

export default defineConfig({
  plugins: [react()],
  // The docs' recipes import the package by name (test/browser/tanstack-query, swr, rtk-query), in
  // the browser and in jsdom: the sources (a clean checkout has no dist/ for the name to reach).
  resolve: {
    alias: [
      { find: /^react-session-timeout$/, replacement: path.join(dirname, 'src/index.ts') },
      { find: /^react-session-timeout\/tanstack-query$/, replacement: path.join(dirname, 'src/tanstack-query/index.ts') },
    ],
  },
  // Pre-bundle every dependency the browser tests import, up front: found mid-run, Vite would
  // bundle React a second time for one of them and hooks would fail ("reading 'useState'").
  optimizeDeps: {
    include: [
      'react',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      'react-dom',
      'react-dom/client',
      '@radix-ui/react-dialog',
      '@testing-library/react',
      '@tanstack/react-query',
      '@trpc/client',
      'openapi-fetch',
      'swr',
      'swr/mutation',
      '@reduxjs/toolkit',
      '@reduxjs/toolkit/query/react',
      'react-redux',
      'axe-core',
    ],
  },
  test: {
    // Reporters are global (not per project): terminal output plus a JSON
    // report that .ci/run reads for its pass/fail count.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/results.json' },
    projects: [
      {
        // Type tests (`*.test-d.ts`): checked by tsc, never run. `expectTypeOf` and
        // `@ts-expect-error` state what the public types accept and what they refuse.
        test: {
          name: 'types',
          typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './test/types/tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.{ts,tsx}'],
          testTimeout: 30_000, // real servers and 100-request storms on a busy 2-core machine
        },
      },
      {
        extends: true,
        resolve: onReact18.resolve,
        test: {
          ...onReact18.test,
          name: 'unit-react18',
          environment: 'jsdom',
          include: ['test/unit/{react-hooks,hydration,dialogs}.test.tsx'],
        },
      },
      {
        extends: true,
        resolve: onReact18.resolve,
        test: {
          ...onReact18.test,
          name: 'node-react18',
          environment: 'node',
          include: ['test/node/react-ssr.test.tsx'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // Several pages of one browser context, driven from Node with playwright-core.
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 40_000, // real idle timeouts of seconds, in a real browser
          // Real timers of seconds: run after the other projects, not beside two other Chromiums.
          sequence: { groupOrder: 1 },
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        plugins: [sameOriginRoute()], // same-origin requests from the page, e.g. a login redirect
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          testTimeout: 30_000, // 100 requests through a busy 2-core machine
          globalSetup: ['test/support/browser-server.ts'],
          browser: { ...browser(), commands: { emulateColorScheme } },
        },
      },
      {
        extends: true,
        // Runs every story (render + play function + a11y check) as a test.
        // Stories come from .storybook/main.ts, not from `include`.
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        test: {
          name: 'storybook',
          testTimeout: 60_000, // the first story of a cold run waits for Vite to transform the preview
          setupFiles: ['.storybook/vitest.setup.ts'],
          browser: browser(),
        },
      },
    ],
  },
});
