// client.tsx: the app's Apollo Client, one per person; every operation goes through session.fetch
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useState, type ReactNode } from 'react';
import { session } from './session';

const createClient = () =>
  new ApolloClient({
    link: new HttpLink({ uri: '/api/graphql', fetch: session.fetch }),
    cache: new InMemoryCache(),
  });

/**
 * In place of <ApolloProvider>: a sign-in as someone else (or as someone the session cannot tell)
 * gives the page a new client, so nothing the previous person's cache held renders, and the
 * queries on the page load again as the new person. (resetStore would show the previous person's
 * requests still waiting as errors, and keep their list on screen until the new one arrives.)
 */
export function SessionApolloProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState(createClient);
  useEffect(
    () =>
      session.onSignIn(({ userChanged }) => {
        if (userChanged !== false) setClient(createClient());
      }),
    [],
  );
  return <ApolloProvider client={client}>{children}</ApolloProvider>;
}
