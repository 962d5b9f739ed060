// app/notes/store.ts
// The notes, kept in the server's memory for the example (your database here). On globalThis:
// `next start` runs every route in one process, but each route may bundle its own copy of a module.
export interface Note {
  id: number;
  title: string;
  tags: string[];
}

const notes: Note[] = ((globalThis as { __notes?: Note[] }).__notes ??= []);

export function saveNote(title: string, tags: string[]): Note {
  const note = { id: notes.length + 1, title, tags };
  notes.push(note);
  return note;
}

export const listNotes = (): readonly Note[] => notes;
