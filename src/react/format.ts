/** Durations in words for people, with `Intl.NumberFormat` unit style (Node 20 lacks `Intl.DurationFormat`). */

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Without a `locale`, English like the default texts around the words; never the runtime's own
 * language, which differs between a server and a browser and would break hydration.
 */
const DEFAULT_LOCALE = 'en';

function unit(value: number, name: 'second' | 'minute' | 'hour', locale = DEFAULT_LOCALE): string {
  const key = `${locale}|${name}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' });
    formatters.set(key, format);
  }
  return format.format(value);
}

/**
 * A countdown: whole minutes rounded up above a minute ("2 minutes"), seconds in the last minute
 * ("40 seconds"). Never negative.
 */
export function formatCountdown(ms: number, locale?: string): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds > 60) return unit(Math.ceil(seconds / 60), 'minute', locale);
  return seconds === 60 ? unit(1, 'minute', locale) : unit(seconds, 'second', locale);
}

/** A length of time such as an idle timeout: "15 minutes", "1 hour", "30 seconds". */
export function formatDuration(ms: number, locale?: string): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 3600 === 0 && seconds >= 3600) return unit(seconds / 3600, 'hour', locale);
  if (seconds % 60 === 0 && seconds >= 60) return unit(seconds / 60, 'minute', locale);
  return unit(seconds, 'second', locale);
}

/**
 * The time an announcement speaks of, on a coarse cadence: whole minutes above a minute, then
 * steps of `stepSeconds` ("1 minute", "40 seconds", "20 seconds"), so a screen reader hears a
 * handful of announcements, never one a second.
 */
export function announcedTime(ms: number, stepSeconds: number, locale?: string): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds > 60) return unit(Math.ceil(seconds / 60), 'minute', locale);
  const step = Math.ceil(seconds / stepSeconds) * stepSeconds;
  return step >= 60 ? unit(1, 'minute', locale) : unit(step, 'second', locale);
}
