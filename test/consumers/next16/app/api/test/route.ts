import { connection } from 'next/server';

import { listNotes } from '../../notes/store';
import { endSession } from '../../sessions';
import { readRenders } from './renders';

/** For the browser check: what the server processed (every note saved, every archive render). */
export async function GET() {
  await connection(); // per request, never prerendered
  return Response.json({ notes: listNotes(), renders: readRenders() });
}

/** For the browser check: the server ends `{ "end": user }`'s session in its store (the cookie stays). */
export async function POST(request: Request) {
  const { end } = (await request.json()) as { end: string };
  endSession(end);
  return new Response(null, { status: 204 });
}
