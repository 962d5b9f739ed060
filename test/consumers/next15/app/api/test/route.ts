import { listNotes } from '../../notes/store';
import { readRenders } from './renders';

export const dynamic = 'force-dynamic';

/** For the browser check: what the server processed (every note saved, every archive render). */
export function GET() {
  return Response.json({ notes: listNotes(), renders: readRenders() });
}
