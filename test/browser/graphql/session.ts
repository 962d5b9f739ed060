// The session the GraphQL recipes (apollo/, urql/, as docs/apollo.md and docs/urql.md show them)
// import in the browser test: the recipe's isExpired (expired.ts), and same-origin /api/* to the
// loopback protocol server (same-origin-fetch.ts).
import { createSession } from '../../../src/index.ts';
import { toTestServer } from '../same-origin-fetch.ts';
import { sessionEndedInGraphQL } from './expired.ts';

export const session = createSession({
  crossTab: false,
  idleTimeout: 60 * 60_000,
  activityEvents: [],
  user: 'ada',
  fetch: toTestServer,
  expiredStatuses: [440],
  isExpired: sessionEndedInGraphQL,
});
