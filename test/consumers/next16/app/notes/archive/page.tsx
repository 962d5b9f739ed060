import { cookies } from 'next/headers';
import { Suspense } from 'react';

import { countRender } from '../../api/test/renders';

// Each navigation here is a request the server answers (and counts): cookies() inside <Suspense>.
async function Heading() {
  const user = (await cookies()).get('session')?.value;
  countRender('archive', user);
  return <h1>Archive of {user}</h1>;
}

export default function Archive() {
  return (
    <main>
      <Suspense fallback={<p>Loading…</p>}>
        <Heading />
      </Suspense>
    </main>
  );
}
