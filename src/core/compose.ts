/**
 * The composable way to make a session: a kernel (kernel.ts) and the features an app wants, so a
 * bundler leaves out the rest. `createSession` (session.ts) is this with every feature.
 */
import type { Kernel, KernelSession } from './kernel-api.ts';
import { createKernel } from './kernel.ts';
import { warnInDevelopment } from './errors.ts';
import { resolveOptions, type ResolvedOptions, type SessionOptions } from './options.ts';
import type { Session } from './session-api.ts';

/**
 * A feature plugs into the kernel: it fills the kernel's hooks, listens to its events, and
 * returns the methods it adds to the session (`{}` for none).
 */
export interface Feature<Methods extends object = object> {
  /** Its name, as the core exports it (`crossTab`, `keepalive`...). */
  readonly name: string;
  /**
   * Fills the kernel's hooks, listens to its events, and returns the feature's methods. `options`
   * as the app gave them: the feature resolves and checks its own into `config` first.
   */
  install(kernel: Kernel, config: ResolvedOptions, options: SessionOptions): Methods;
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

/** The options the features read, each with the features that read it (the kernel reads the others). */
const READERS: Partial<Record<keyof SessionOptions, readonly string[]>> = {
  crossTab: ['crossTab'],
  keepalive: ['keepalive'],
  shouldPark: ['parking'],
  prepareReplay: ['parking'],
  replayTimeout: ['parking', 'refresh'],
  refresh: ['refresh'],
  revalidate: ['revalidate'],
};

/** Development: an option none of whose features the session has does nothing, which the app should know. */
function warnUnreadOptions(options: SessionOptions, features: readonly Feature[]) {
  const present = new Set(features.map((feature) => feature.name));
  for (const [name, readers] of Object.entries(READERS)) {
    if (options[name as keyof SessionOptions] === undefined || readers.some((reader) => present.has(reader))) continue;
    warnInDevelopment(`Option "${name}" is ignored: this session has no ${readers.join(' or ')} feature (add it to composeSession's features).`);
  }
}

/**
 * A session of the kernel and `features`, installed in order (earlier ones hear each event
 * first). Each feature checks its own options; in development, an option of a feature that is not
 * there is said to be ignored.
 */
export function composeSession<const Features extends readonly Feature[]>(options: SessionOptions, features: Features): ComposedSession<Features> {
  const config = resolveOptions(options);
  if (process.env.NODE_ENV !== 'production') warnUnreadOptions(options, features);
  const { kernel, session } = createKernel(config);
  for (const feature of features) Object.assign(session, feature.install(kernel, config, options));
  return session as ComposedSession<Features>;
}
