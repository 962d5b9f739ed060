import { cookies } from 'next/headers';
import { Suspense } from 'react';

import { countRender } from '../../api/test/renders';

// Prefetched when its link is shown; cookies() inside <Suspense>, counted at each render.
async function Heading() {
  const user = (await cookies()).get('session')?.value;
  countRender('tags', user);
  return <h1>Tags of {user}</h1>;
}

export default function Tags() {
  return (
    <main>
      <Suspense fallback={<p>Loading…</p>}>
        <Heading />
      </Suspense>
    </main>
  );
}
