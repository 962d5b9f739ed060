import { cookies } from 'next/headers';

import { countRender } from '../../api/test/renders';

// Dynamic: each navigation here is a request the server answers (and counts).
export default async function Archive() {
  const user = (await cookies()).get('session')?.value;
  countRender('archive', user);
  return (
    <main>
      <h1>Archive of {user}</h1>
    </main>
  );
}
