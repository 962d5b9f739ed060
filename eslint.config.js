// ESLint flat config (ESLint 10): the library, its tests, stories and configs.
// A rule set the project keeps clean (`npm run lint` allows no warning), not a style guide:
// Prettier does the formatting.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores([
    'dist/',
    'storybook-static/',
    'coverage/',
    'test-results/',
    'examples/dist/',
    // The consumer apps have their own configs and are checked against the packed package (run.sh).
    'test/consumers/',
    // A workspace that only holds React 18 for the tests.
    'test/react18/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  // Type-aware rules, only the few that catch real bugs (promises) and cost little on top of the
  // one TypeScript program the project service builds from tsconfig.json.
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },

  {
    rules: {
      // `_name` marks a parameter or binding kept on purpose (it.each rows, destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: 'error',
    },
  },

  // Rules of Hooks plus the React Compiler rules (purity, refs, set-state-in-effect, ...).
  {
    files: ['src/react/**/*.{ts,tsx}', 'stories/**/*.{ts,tsx}', 'test/**/*.tsx', '.storybook/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },

  // Render probes in tests count renders and record what a hook returned, on purpose: the impurity
  // the Compiler rules forbid in app code is what these tests measure.
  {
    files: ['test/**/*.tsx'],
    rules: { 'react-hooks/refs': 'off', 'react-hooks/globals': 'off', 'react-hooks/immutability': 'off' },
  },

  // The kernel (src/core/kernel*.ts, event-hub.ts) imports no feature: features plug into its hooks
  // (kernel-api.ts), and an app that composes a session without them does not bundle them.
  {
    files: ['src/core/kernel*.ts', 'src/core/event-hub.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\./(features/|tab-sync|tab-transport|tab-protocol|fetch|replay-line|keepalive|extend|refresh|revalidate|watch|busy|inspect|compose|session)`,
              message: 'The kernel imports no feature: add a hook to kernel-api.ts and fill it from the feature.',
            },
          ],
        },
      ],
    },
  },
  // No function in the engine is longer than one reading (issue 24): 60 lines of code.
  {
    files: ['src/core/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },

  // Globals per folder: the library runs in browsers and in Node (SSR, the core without React).
  {
    files: ['src/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['stories/**', '.storybook/**', 'test/browser/**', 'test/unit/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['test/node/**', 'test/e2e/**', 'test/support/**', '*.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  // The demo (examples/): a page for the browser, a reference server for Node.
  { files: ['examples/src/**'], languageOptions: { globals: globals.browser } },
  { files: ['examples/server/**'], languageOptions: { globals: globals.node } },
  // The benchmark (bench/): scripts for Node, and the page it drives in Chromium.
  { files: ['bench/*.mjs'], languageOptions: { globals: globals.node } },
  // run.mjs hands functions to the page (page.evaluate) too.
  { files: ['bench/run.mjs', 'bench/page/**'], languageOptions: { globals: globals.browser } },
  // The real-server checks (test/backends/): Node scripts that hand functions to the page, and the page.
  { files: ['test/backends/**'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    // Page scripts the e2e harnesses evaluate in the browser.
    files: ['test/e2e/**', 'test/support/**'],
    languageOptions: { globals: globals.browser },
  },
]);
