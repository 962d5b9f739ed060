import { connection } from 'next/server';

import { listNotes } from '../../notes/store';
import { readRenders } from './renders';

/** For the browser check: what the server processed (every note saved, every archive render). */
export async function GET() {
  await connection(); // per request, never prerendered
  return Response.json({ notes: listNotes(), renders: readRenders() });
}
