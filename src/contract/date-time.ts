/**
 * RFC 3339 §5.6 `date-time`, exactly: `full-date "T" full-time`. ajv-formats also takes a space
 * (or any character) where the `T` belongs; the RFC's grammar does not. Its note on §5.6 allows
 * lower-case `t` and `z` (ABNF strings are case-insensitive), so those pass. Pure.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of an RFC 3339 date-time (a leap second counts as the last instant of its minute); undefined when it is not one. */
export function parseRfc3339(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > (month === 2 && isLeapYear(year) ? 29 : DAYS[month - 1]!)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const sign = m[9] === '-' ? -1 : 1;
  const offsetHour = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinute = m[11] === undefined ? 0 : Number(m[11]);
  if (offsetHour > 23 || offsetMinute > 59) return undefined;
  const offsetMinutes = sign * (offsetHour * 60 + offsetMinute);
  // A leap second is 23:59:60 in UTC, whatever the local offset says.
  if (second === 60) {
    const utcMinutes = (((hour * 60 + minute - offsetMinutes) % 1440) + 1440) % 1440;
    if (utcMinutes !== 23 * 60 + 59) return undefined;
  }
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  // setUTCFullYear, unlike Date.UTC, does not map the years 0–99 to 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  return at.setUTCHours(hour, minute, Math.min(second, 59), second === 60 ? 999 : fraction) - offsetMinutes * 60_000;
}

export function isRfc3339DateTime(text: string): boolean {
  return parseRfc3339(text) !== undefined;
}
