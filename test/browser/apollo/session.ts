// The session the Apollo recipe (client.ts, Notes.tsx) imports in the browser test: the GraphQL one.
export { session } from '../graphql/session.ts';
