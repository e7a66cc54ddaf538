/*
 * Making an Intl.DateTimeFormat costs far more than using one (it loads locale and zone data), and
 * the calendar, the print templates and the screens format thousands of instants: each formatter is
 * made once per key and kept. The key is the caller's, so that finding a formatter stays a string
 * lookup on the hot paths.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

/** The formatter for `key`, made from `locale` and `options` the first time the key is asked for. */
export function dateTimeFormat(key: string, locale: string, options: () => Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options())
    formatters.set(key, f)
  }
  return f
}
