import { cookies } from 'next/headers';

import { countRender } from '../../api/test/renders';

// Prefetched when its link is shown; a dynamic page, counted at each render.
export default async function Tags() {
  const user = (await cookies()).get('session')?.value;
  countRender('tags', user);
  return (
    <main>
      <h1>Tags of {user}</h1>
    </main>
  );
}
