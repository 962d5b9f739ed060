// expired.ts: the session's isExpired for a GraphQL API, which says the session ended in its body
type GraphQLAnswer = { errors?: unknown };
type GraphQLError = { extensions?: { code?: unknown } } | null;

/**
 * An answer whose errors carry the code UNAUTHENTICATED, as Apollo Server, graphql-yoga and most
 * gateways send for a request without a live session (with a 200). The session hands it a copy of
 * the response, so reading the body here leaves the app's to Apollo or urql.
 */
export async function sessionEndedInGraphQL(response: Response): Promise<boolean> {
  if (!/json/i.test(response.headers.get('Content-Type') ?? '')) return false;
  const answer = (await response.json().catch(() => null)) as GraphQLAnswer | null;
  const errors = Array.isArray(answer?.errors) ? (answer.errors as GraphQLError[]) : [];
  return errors.some((error) => error?.extensions?.code === 'UNAUTHENTICATED');
}
