// Bundle sizes as an app would ship them: each entry bundled by esbuild (ES module, minified, tree
// shaken, `process.env.NODE_ENV` = "production"), peers external, then gzip -9. Deterministic:
// the same sources give the same bytes. Used by size.mjs, size-check.mjs and run.mjs.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What each figure bundles: the import an app would write, against the sources. */
export const ENTRIES = [
  { key: 'core', label: 'react-session-timeout/core (createSession)', code: "export { createSession } from './src/core/index.ts';" },
  { key: 'providerHook', label: 'SessionProvider + useSession', code: "export { SessionProvider, useSession } from './src/index.ts';" },
  { key: 'everything', label: 'everything, both dialogs (main entry)', code: "export * from './src/index.ts';" },
  { key: 'devtools', label: 'react-session-timeout/devtools', code: "export * from './src/devtools/index.ts';" },
  { key: 'reactIdleTimer', label: "react-idle-timer's useIdleTimer", code: "export { useIdleTimer } from 'react-idle-timer';" },
];

const PEERS = ['react', 'react-dom', 'react/jsx-runtime', '@radix-ui/react-dialog'];

/** Minified and gzip -9 bytes of one entry's bundle; `modules`: also each source module's minified bytes in it. */
export async function measure(code, { modules = false } = {}) {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts', sourcefile: 'size-entry.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    treeShaking: true,
    write: false,
    logLevel: 'silent',
    external: PEERS,
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: modules,
  });
  const bytes = result.outputFiles[0].contents;
  const size = { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  if (!modules) return size;
  const [output] = Object.values(result.metafile.outputs);
  const perModule = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, minified: bytesInOutput }))
    .filter(({ minified }) => minified > 0)
    .sort((a, b) => b.minified - a.minified);
  return { ...size, modules: perModule };
}

/** Every entry's sizes, keyed by `ENTRIES[].key`. */
export async function measureAll() {
  const sizes = {};
  for (const entry of ENTRIES) sizes[entry.key] = await measure(entry.code);
  return sizes;
}

/** The goal (issue 15), printed beside the budgets. */
export const TARGETS = { core: 5120, everything: 9216 };
