// The session the tRPC recipe (client.ts, as docs/trpc.md shows it) imports in the browser test:
// the TanStack Query recipe's, which sends same-origin /api/* to the loopback protocol server.
export { session } from '../tanstack-query/session.ts';
