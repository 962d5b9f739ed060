'use server';
import { saveNote, type Note } from './store';

/** Saves a note. The middleware answers 440 before it runs when the session is gone. */
export async function addNote(title: string, tags: string[]): Promise<Note> {
  return saveNote(title, tags);
}
