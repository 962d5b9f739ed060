// router.ts: the server's tRPC router (the server answers 440 before it runs, see below)
import { initTRPC } from '@trpc/server';

/** What a call may use: the signed-in person's notes, as the server found them from the session. */
export interface Context {
  notes: { list(): string[]; add(note: string): string[] };
}

const t = initTRPC.context<Context>().create();

const noteText = (input: unknown) => {
  if (typeof input !== 'string' || input.trim() === '') throw new Error('A note is some text.');
  return input;
};

export const appRouter = t.router({
  notes: t.router({
    list: t.procedure.query(({ ctx }) => ctx.notes.list()),
    add: t.procedure.input(noteText).mutation(({ ctx, input }) => ctx.notes.add(input)),
  }),
});

export type AppRouter = typeof appRouter;
