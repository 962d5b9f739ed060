// client.tsx: the app's urql client, one per person; every operation goes through session.fetch
import { useEffect, useState, type ReactNode } from 'react';
import { Client, Provider, cacheExchange, fetchExchange } from 'urql';
import { session } from './session';

const createClient = () => new Client({ url: '/api/graphql', fetch: session.fetch, exchanges: [cacheExchange, fetchExchange] });

/**
 * In place of urql's <Provider>: a sign-in as someone else (or as someone the session cannot tell)
 * gives the page a new client, and what is under it starts afresh (urql's useQuery would keep
 * showing the last data it had until the new person's arrives), so nothing of the previous
 * person's renders, and the queries on the page load again as the new person.
 */
export function SessionUrqlProvider({ children }: { children: ReactNode }) {
  const [{ client, person }, setClient] = useState(() => ({ client: createClient(), person: 0 }));
  useEffect(
    () =>
      session.onSignIn(({ userChanged }) => {
        if (userChanged !== false) setClient(({ person }) => ({ client: createClient(), person: person + 1 }));
      }),
    [],
  );
  return (
    <Provider value={client} key={person}>
      {children}
    </Provider>
  );
}
