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
  // Each answer's createdAt is read twice in a row (Ajv's date-time format, then created-at-window).
  if (text === lastText) return lastValue;
  lastValue = parse(text);
  lastText = text;
  return lastValue;
}

let lastText: string | undefined;
let lastValue: number | undefined;

function parse(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
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
  const ms = second === 60 ? 999 : fraction;
  const sec = Math.min(second, 59);
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, sec, ms) - offsetMinutes * 60_000;
  // setUTCFullYear, unlike Date.UTC, does not map the years 0–99 to 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  return at.setUTCHours(hour, minute, sec, ms) - offsetMinutes * 60_000;
}

export function isRfc3339DateTime(text: string): boolean {
  return parseRfc3339(text) !== undefined;
}
