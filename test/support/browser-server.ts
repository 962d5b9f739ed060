// Vitest globalSetup for the browser project: one protocol server on 127.0.0.1 for the whole run.
// The page runs on Vitest's own origin, so every call to it is cross-origin (CORS, exposed headers).
import type { TestProject } from 'vitest/node';

import { startTestServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  project.provide('apiUrl', server.url);
  return () => server.close();
}
