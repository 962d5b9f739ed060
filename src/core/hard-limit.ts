/**
 * The keepalive's rule for a hard limit (the keepalive feature's): whether the server kept its
 * expiry through a keepalive, so "Stay signed in" cannot help. The tracker (server-expiry.ts)
 * holds the verdict; a session without a keepalive never judges one.
 */
import { EXPIRY_TOLERANCE, type KnownExpiry } from './server-expiry.ts';

/**
 * Whether the server kept its expiry through a keepalive (`before`: the expiry when it was sent;
 * `after`: now). Whole-second headers and latency blur a fixed cap by a second or two, while a
 * sliding expiry moves by about the time between the two requests; requests too close together
 * to tell keep the last verdict (`hardLimit`). So does a ping in the first half of the session's
 * `span` that left the expiry where it was: a server that renews only past half its timeout
 * (ASP.NET forms authentication) does that too. One that brings the end closer is capped wherever
 * it is.
 */
export function keptThroughKeepalive(before: KnownExpiry, after: KnownExpiry, span: number, hardLimit: boolean, now: number): boolean {
  if (before.expiry === Infinity) return false;
  if (after.expiry < before.expiry - EXPIRY_TOLERANCE) return true; // the server brought its end closer: no sliding session does that
  if (before.expiry - now >= span / 2 - EXPIRY_TOLERANCE) return hardLimit; // not clearly past half (read at the answer: the ping's own time is an order)
  if (after.sentAt === before.sentAt) return true; // the answer did not move it at all
  if (after.sentAt - before.sentAt < 2 * EXPIRY_TOLERANCE) return hardLimit;
  return after.expiry - before.expiry <= EXPIRY_TOLERANCE;
}
