import { parseDuration } from '../units.js';

const DAYS = /^(\d+(?:\.\d+)?)(d|w)$/;

/** An age as `prune --older-than` takes it: 90d, 2w, 12h, 30m; milliseconds, or undefined when it is not one. Pure. */
export function parseAge(text: string): number | undefined {
  const trimmed = text.trim();
  const days = DAYS.exec(trimmed);
  if (days) return Number(days[1]) * (days[2] === 'w' ? 7 : 1) * 86_400_000;
  return parseDuration(trimmed);
}
