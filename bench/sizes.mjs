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
  // The TanStack Query glue, with the core's errors.ts it imports (SessionExpiredError), which an app with a session has anyway.
  { key: 'tanstackQuery', label: 'react-session-timeout/tanstack-query', code: "export * from './src/tanstack-query/index.ts';" },
  // Next.js: the client glue (connectNextRouter, with errors.ts) as a page bundles it, and the server's answer (sessionExpired) as a middleware does.
  { key: 'nextClient', label: 'react-session-timeout/next: connectNextRouter', code: "export { connectNextRouter } from './src/next/index.ts';" },
  { key: 'nextServer', label: 'react-session-timeout/next: sessionExpired', code: "export { sessionExpired } from './src/next/index.ts';" },
  // The feature sets (issue 24): a session composed of the kernel and some features, each set an
  // entry file in bench/feature-sets that imports the core by name (tsconfig.json maps it to src).
  { key: 'setKernel', label: 'set: kernel (idle, warning, server expiry)', code: "export * from './bench/feature-sets/kernel.ts';" },
  { key: 'setRitJob', label: "set: react-idle-timer's job (+ crossTab)", code: "export * from './bench/feature-sets/rit-job.ts';" },
  { key: 'setPromise', label: 'set: the promise (essentials)', code: "export * from './bench/feature-sets/promise.ts';" },
  { key: 'setEverything', label: 'set: everything (createSession)', code: "export * from './bench/feature-sets/everything.ts';" },
  // The same under React: ComposedSessionProvider makes no session, so it bundles only the set's features.
  { key: 'setReactKernel', label: 'set: kernel, React (provider, useSession)', code: "export * from './bench/feature-sets/react-kernel.tsx';" },
  { key: 'setReactPromise', label: 'set: essentials, React, both dialogs', code: "export * from './bench/feature-sets/react-promise.tsx';" },
  { key: 'reactIdleTimer', label: "react-idle-timer's useIdleTimer", code: "export { useIdleTimer } from 'react-idle-timer';" },
];

const PEERS = ['react', 'react-dom', 'react/jsx-runtime', '@radix-ui/react-dialog'];

/** esbuild's options for an entry's bundle, as an app would build it (attribute.mjs adds a source map). */
export const bundleOptions = (code) => ({
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
});

/** Minified and gzip -9 bytes of one entry's bundle; `modules`: also each source module's minified bytes in it. */
export async function measure(code, { modules = false } = {}) {
  const result = await build({ ...bundleOptions(code), metafile: modules });
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

/**
 * Each feature set's goal (issue 24), printed beside the budgets: gzip -9 bytes, or the key of the
 * entry it must not outgrow (react-idle-timer's useIdleTimer, measured in the same run).
 */
export const TARGETS = { setKernel: 4096, setRitJob: 'reactIdleTimer', setPromise: 9216, setEverything: 12740 };

/** A goal in bytes, given this run's `sizes`. */
export const targetOf = (key, sizes) => (typeof TARGETS[key] === 'string' ? sizes[TARGETS[key]].gzip : TARGETS[key]);
