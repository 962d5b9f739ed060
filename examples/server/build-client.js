// Builds the demo page (examples/src) with Vite. The page imports the library by its package name;
// here that name points at the library's source, so the demo always shows the code in this checkout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { build } from 'vite';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.resolve(examples, '../src');

/** Builds into `outDir` (default examples/dist) and returns it. */
export async function buildClient(outDir = path.join(examples, 'dist')) {
  await build({
    root: examples,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^react-session-timeout$/, replacement: path.join(src, 'index.ts') },
        { find: /^react-session-timeout\/devtools$/, replacement: path.join(src, 'devtools/index.ts') },
        { find: /^react-session-timeout\/styles\.css$/, replacement: path.join(src, 'styles.css') },
      ],
    },
    build: { outDir, emptyOutDir: true }, // Vite's defaults, as an app has them
  });
  return outDir;
}
