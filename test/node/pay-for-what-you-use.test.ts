// An app that composes its session ships the kernel and the features it names, and no other: as
// its bundler builds it (esbuild, tree shaking, production), with the React layer and the dialogs
// too. Read from the bundle's own account of which source modules it kept (esbuild's metafile).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The source modules of `src/` that an app of this code keeps in its production bundle. */
async function keptModules(code: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'tsx', sourcefile: 'app.tsx' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['react', 'react-dom', 'react/jsx-runtime', '@radix-ui/*'],
    define: { 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output!.inputs)
    .filter(([path, input]) => path.startsWith('src/') && input.bytesInOutput > 0)
    .map(([path]) => path);
}

/** The modules each feature brings (and nothing without it needs). */
const FEATURE_MODULES = {
  crossTab: ['src/core/features/cross-tab.ts', 'src/core/tab-sync.ts', 'src/core/tab-protocol.ts', 'src/core/tab-transport.ts', 'src/core/identity.ts'],
  parking: ['src/core/features/parking.ts', 'src/core/fetch.ts', 'src/core/replay-line.ts'],
  keepalive: ['src/core/features/keepalive.ts', 'src/core/keepalive.ts', 'src/core/extend.ts', 'src/core/hard-limit.ts'],
  others: ['busy', 'configure', 'inspect', 'refresh', 'revalidate', 'watch'].map((name) => `src/core/features/${name}.ts`),
};
const everyFeatureModule = Object.values(FEATURE_MODULES).flat();

/** An app's session module: the kernel and `features` (names exported by the core). */
const composed = (...features: string[]) => `
  import { composeSession${features.map((name) => `, ${name}`).join('')} } from './src/core/index.ts';
  export const session = composeSession({ idleTimeout: 15 * 60_000 }, [${features.join(', ')}]);
`;

describe('an app that composes its session', () => {
  it('of the kernel alone ships no feature', async () => {
    const kept = await keptModules(composed());
    expect(kept).toContain('src/core/kernel.ts');
    expect(kept.filter((path) => everyFeatureModule.includes(path))).toEqual([]);
  });

  it('with crossTab ships the tabs and no other feature', async () => {
    const kept = await keptModules(composed('crossTab'));
    expect(kept).toEqual(expect.arrayContaining(FEATURE_MODULES.crossTab));
    expect(kept.filter((path) => [...FEATURE_MODULES.parking, ...FEATURE_MODULES.keepalive, ...FEATURE_MODULES.others].includes(path))).toEqual([]);
  });

  it('under ComposedSessionProvider, with useSession and both dialogs, ships no feature it did not name', async () => {
    const kept = await keptModules(`
      import { composeSession, crossTab } from './src/core/index.ts';
      import { ComposedSessionProvider, ReloginModal, SessionTimeoutDialog, useSession } from './src/index.ts';
      const session = composeSession({ idleTimeout: 15 * 60_000 }, [crossTab]);
      function Status() { return <p>{useSession().status}</p>; }
      export const App = () => (
        <ComposedSessionProvider session={session}>
          <Status />
          <SessionTimeoutDialog />
          <ReloginModal onRelogin={(credentials) => fetch('/api/login', { method: 'POST', body: JSON.stringify(credentials) })} />
        </ComposedSessionProvider>
      );
    `);
    expect(kept).toEqual(expect.arrayContaining(['src/react/ComposedSessionProvider.tsx', 'src/react/SessionTimeoutDialog.tsx', ...FEATURE_MODULES.crossTab]));
    expect(kept.filter((path) => [...FEATURE_MODULES.parking, ...FEATURE_MODULES.keepalive, ...FEATURE_MODULES.others].includes(path))).toEqual([]);
    expect(kept).not.toContain('src/core/session.ts'); // createSession: every feature
  });

  it('under SessionProvider ships every feature, for its options way (so the docs say: ComposedSessionProvider)', async () => {
    const kept = await keptModules(`
      import { composeSession } from './src/core/index.ts';
      import { SessionProvider } from './src/index.ts';
      const session = composeSession({ idleTimeout: 15 * 60_000 }, []);
      export const App = () => <SessionProvider session={session} />;
    `);
    expect(kept).toEqual(expect.arrayContaining(everyFeatureModule));
  });
});

describe('the Next.js glue (react-session-timeout/next)', () => {
  it('is in no bundle of an app that does not import it: createSession and the React layer keep none of it', async () => {
    const kept = await keptModules(`export * from './src/index.ts';`);
    expect(kept).toContain('src/core/session.ts');
    expect(kept.filter((path) => path.startsWith('src/next/'))).toEqual([]);
  });

  it('brings no session code of its own: connectNextRouter keeps its module and the errors, sessionExpired (for a middleware) only its module', async () => {
    expect(await keptModules(`export { connectNextRouter } from './src/next/index.ts';`)).toEqual(['src/core/errors.ts', 'src/next/index.ts']);
    expect(await keptModules(`export { sessionExpired } from './src/next/index.ts';`)).toEqual(['src/next/index.ts']);
  });
});
