// app/sessions.ts
// The server's own record of ended sessions (your session store here): a session can end on the
// server while its cookie lives on (an idle limit, a sign-out elsewhere, an administrator).
const ended: Set<string> = ((globalThis as { __endedSessions?: Set<string> }).__endedSessions ??= new Set());

/** Whether `user`'s session is live on the server. */
export const isLive = (user: string | undefined): user is string => user !== undefined && !ended.has(user);

export const endSession = (user: string) => void ended.add(user);
export const startSession = (user: string) => void ended.delete(user);
