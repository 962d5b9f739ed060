/** Money and error helpers of the live expense app. */

export const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "42.5" → 4250 pence; NaN for anything that is not an amount. */
export function toPence(text: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return NaN;
  return Math.round(Number(text) * 100);
}

/** The server's `{ error }` message, or `fallback`. */
export async function readError(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? fallback;
}
