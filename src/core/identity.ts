/**
 * Who is signed in, as the tabs share it: an opaque fingerprint of the user, never the name itself
 * (storage and the channel are readable by every script of the origin). Not a secret: a guard
 * against replaying one person's requests as another's, which only needs two users to differ.
 */

/** A fingerprint of `user`; equal for the same user, whatever case or surrounding spaces. */
export function fingerprint(user: string): string {
  // cyrb53: a fast 53-bit string hash; collisions between two real users are negligible.
  const text = user.trim().toLowerCase();
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `u${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

/** What `fingerprint` makes, for checking what another tab sent. */
export const isFingerprint = (value: unknown): value is string => typeof value === 'string' && /^u[0-9a-z]{1,12}$/.test(value);
