// Under a strict Content-Security-Policy (no 'unsafe-eval', no blob: workers) the library must
// still run: its bundled code may not contain any construct that such a policy blocks.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entries = [
  'src/core/index.ts',
  'src/testing/index.ts',
  'src/index.ts',
  'src/axios/index.ts',
  'src/ky/index.ts',
  'src/tanstack-query/index.ts',
  'src/next/index.ts',
];

describe.each(entries)('the bundle of %s', (entry) => {
  it('uses no eval, no Function constructor, no string timers and no workers', async () => {
    const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\beval\s*\(/);
    expect(code).not.toMatch(/\bnew\s+Function\s*\(/);
    expect(code).not.toMatch(/setTimeout\(\s*["'`]/);
    expect(code).not.toMatch(/\bnew\s+(Shared)?Worker\s*\(/);
    expect(code).not.toMatch(/\bblob:/);
  });
});
