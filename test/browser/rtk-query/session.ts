// The session the recipe (api.ts, Notes.tsx, as docs/rtk-query.md shows them) imports in the
// browser test: same-origin /api/* goes to the loopback protocol server through the page's
// /__same-origin route (test/support/browser-server.ts), so the default shouldPark applies.
import { createSession } from '../../../src/index.ts';
import { toTestServer } from '../same-origin-fetch.ts';

export const session = createSession({ crossTab: false, idleTimeout: 60 * 60_000, activityEvents: [], user: 'ada', fetch: toTestServer });
