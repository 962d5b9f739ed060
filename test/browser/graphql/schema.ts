// schema.ts: the server's GraphQL schema (graphql-yoga). Like Apollo Server's apps, it answers a
// request from someone whose session ended with 200 and an UNAUTHENTICATED error in the body.
import { createGraphQLError, createSchema } from 'graphql-yoga';

/** What a resolver may use: whether the request came with a live session, and that person's notes. */
export interface Context {
  signedIn: boolean;
  notes: { list(): string[]; add(note: string): string[] };
}

const signedIn = (context: Context) => {
  if (!context.signedIn) throw createGraphQLError('Your session has ended.', { extensions: { code: 'UNAUTHENTICATED' } });
  return context.notes;
};

export const schema = createSchema<Context>({
  typeDefs: /* GraphQL */ `
    type Query {
      notes: [String!]!
    }
    type Mutation {
      addNote(text: String!): [String!]!
    }
  `,
  resolvers: {
    Query: { notes: (_, _args, context) => signedIn(context).list() },
    Mutation: { addNote: (_, { text }: { text: string }, context) => signedIn(context).add(text) },
  },
});
