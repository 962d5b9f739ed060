// The session the openapi-fetch recipe (api.ts, as docs/openapi-fetch.md shows it) imports in the
// browser test: the TanStack Query recipe's, which sends same-origin /api/* to the loopback protocol server.
export { session } from '../tanstack-query/session.ts';
