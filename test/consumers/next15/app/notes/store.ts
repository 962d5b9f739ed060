// The notes, kept in the server's memory for the example (your database here).
export interface Note {
  id: number;
  title: string;
  tags: string[];
}

const notes: Note[] = [];

export function saveNote(title: string, tags: string[]): Note {
  const note = { id: notes.length + 1, title, tags };
  notes.push(note);
  return note;
}

export const listNotes = (): readonly Note[] => notes;
