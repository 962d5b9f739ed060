// The docs' recipes are the code their tests run: each named block below is, byte for byte, the
// file of the test that drives it (test/browser/tanstack-query.test.tsx runs queries.ts and Notes.tsx,
// test/browser/trpc.test.tsx router.ts and client.ts, test/browser/openapi-fetch.test.tsx api.ts,
// test/browser/swr.test.tsx swr.ts and Notes.tsx, test/browser/rtk-query.test.tsx api.ts and Notes.tsx,
// test/browser/apollo.test.tsx and urql.test.tsx graphql/expired.ts, client.tsx and Notes.tsx;
// the Next.js consumer apps, built and driven by test/consumers/lib/next-journey.mjs, their session,
// middleware or proxy, server action and form).
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { readBlocks } from '../consumers/lib/readme-snippets.mjs';

const RECIPES = [
  { doc: 'docs/tanstack-query.md', folder: 'test/browser/tanstack-query', files: ['queries.ts', 'Notes.tsx'] },
  { doc: 'docs/trpc.md', folder: 'test/browser/trpc', files: ['router.ts', 'client.ts'] },
  { doc: 'docs/openapi-fetch.md', folder: 'test/browser/openapi-fetch', files: ['api.ts'] },
  { doc: 'docs/swr.md', folder: 'test/browser/swr', files: ['swr.ts', 'Notes.tsx'] },
  { doc: 'docs/rtk-query.md', folder: 'test/browser/rtk-query', files: ['api.ts', 'Notes.tsx'] },
  { doc: 'docs/apollo.md', folder: 'test/browser/graphql', files: ['expired.ts'] },
  { doc: 'docs/apollo.md', folder: 'test/browser/apollo', files: ['client.tsx', 'Notes.tsx'] },
  { doc: 'docs/urql.md', folder: 'test/browser/graphql', files: ['expired.ts'] },
  { doc: 'docs/urql.md', folder: 'test/browser/urql', files: ['client.tsx', 'Notes.tsx'] },
  ...['next15', 'next16'].map((app) => ({
    doc: 'docs/nextjs.md',
    folder: `test/consumers/${app}`,
    files: [
      'app/session.ts',
      app === 'next15' ? 'middleware.ts' : 'proxy.ts',
      'app/sessions.ts',
      'app/notes/store.ts',
      'app/notes/actions.ts',
      'app/notes/note-form.tsx',
      'app/notes/quick-note-form.tsx',
    ],
  })),
];

describe.each(RECIPES)('the recipe of $doc ($folder)', ({ doc, folder, files }) => {
  it.each(files)('shows %s as the test runs it', (file) => {
    const block = readBlocks(readFileSync(doc, 'utf8')).find((candidate) => candidate.path === file);
    expect(block, `${doc} has no block named // ${file}`).toBeDefined();
    expect(block?.code).toBe(readFileSync(`${folder}/${file}`, 'utf8'));
  });
});
