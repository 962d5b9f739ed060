/**
 * The composable way to make a session: a kernel (kernel.ts) and the features an app wants, so a
 * bundler leaves out the rest. `createSession` (session.ts) is this with every feature.
 */
import type { Kernel, KernelSession } from './kernel-api.ts';
import { createKernel } from './kernel.ts';
import { resolveOptions, type ResolvedOptions, type SessionOptions } from './options.ts';
import type { Session } from './session-api.ts';

/**
 * A feature plugs into the kernel: it fills the kernel's hooks, listens to its events, and
 * returns the methods it adds to the session (`{}` for none).
 */
export interface Feature<Methods extends object = object> {
  install(kernel: Kernel, config: ResolvedOptions): Methods;
}

type MethodsOf<F> = F extends Feature<infer Methods> ? Methods : never;
type Intersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void ? I : never;

/**
 * Any session, however it was made: the kernel's part, and whatever features it has (the React
 * layer takes one; a method of a feature that is not there is `undefined`).
 */
export type AnySession = KernelSession & Partial<Session>;

/** A session made of the kernel and `Features`: their methods are on it, and only theirs. */
export type ComposedSession<Features extends readonly Feature[]> = KernelSession & Intersection<MethodsOf<Features[number]>>;

/**
 * A session of the kernel and `features`, installed in order (earlier ones hear each event
 * first). Options of features that are not there are checked and ignored.
 */
export function composeSession<const Features extends readonly Feature[]>(options: SessionOptions, features: Features): ComposedSession<Features> {
  const config = resolveOptions(options);
  const { kernel, session } = createKernel(config);
  for (const feature of features) Object.assign(session, feature.install(kernel, config));
  return session as ComposedSession<Features>;
}
