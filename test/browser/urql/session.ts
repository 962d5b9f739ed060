// The session the urql recipe (client.tsx, Notes.tsx) imports in the browser test: the GraphQL one.
export { session } from '../graphql/session.ts';
