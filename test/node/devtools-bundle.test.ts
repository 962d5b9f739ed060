// The devtools cost nothing to an app that does not use them, and little to one that does:
// the main entry holds none of them, and the panel is a chunk of its own, loaded when opened.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const external = ['react', 'react-dom', 'react/jsx-runtime', '@radix-ui/*'];

/** Strings only the devtools hold: the toggle's and the panel's names, their modules. */
const DEVTOOLS_MARKERS = ['Session devtools', 'describe-event', 'DevtoolsPanel', 'session-timeline.json', 'createRecorder'];

describe('the devtools in bundles', () => {
  it('are not in the main entry: importing react-session-timeout pulls in none of them', async () => {
    const result = await build({ entryPoints: ['src/index.ts'], bundle: true, format: 'esm', write: false, external, logLevel: 'silent', metafile: true });
    const code = result.outputFiles[0]!.text;
    for (const marker of DEVTOOLS_MARKERS) expect(code, marker).not.toContain(marker);
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('devtools'))).toEqual([]);
  });

  it('load the panel lazily: react-session-timeout/devtools has the toggle, the panel is a separate chunk', async () => {
    const result = await build({
      entryPoints: ['src/devtools/index.ts'],
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: 'out', // required by splitting; nothing is written
      write: false,
      external,
      logLevel: 'silent',
      metafile: true,
    });
    const outputs = Object.entries(result.metafile.outputs);
    const entry = outputs.find(([, output]) => output.entryPoint === 'src/devtools/index.ts');
    const panel = outputs.find(([, output]) => Object.keys(output.inputs).includes('src/devtools/DevtoolsPanel.tsx'));
    expect(entry).toBeDefined();
    expect(panel).toBeDefined();
    expect(panel![0]).not.toBe(entry![0]);
    // The entry imports the panel's chunk only through a dynamic import().
    expect(entry![1].imports).toContainEqual(expect.objectContaining({ path: panel![0], kind: 'dynamic-import' }));
    expect(Object.keys(entry![1].inputs)).not.toContain('src/devtools/Timeline.tsx');

    const text = (path: string) => result.outputFiles.find((file) => file.path.endsWith(path.replace(/^out\//, '')))!.text;
    expect(text(entry![0])).toContain('Session devtools'); // the toggle
    expect(text(entry![0])).not.toContain('Export JSON');
    expect(text(panel![0])).toContain('Export JSON');
  });
});
