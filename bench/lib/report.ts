/** What every bench prints for `npm run bench`'s closing summary: one marked line per target. */

const MARK = 'BENCH-RESULT';

/** Prints one figure with its target; `met` undefined for a figure without a target. */
export function result(benchmark: string, figure: string, target: string, met: boolean | undefined): void {
  process.stdout.write(`${MARK}\t${benchmark}\t${figure}\t${target}\t${met === undefined ? '—' : met ? 'yes' : '**no**'}\n`);
}

/** The summary lines among a bench's output, as table rows. */
export function resultRows(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(`${MARK}\t`))
    .map((line) => `| ${line.split('\t').slice(1).join(' | ')} |`);
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const fixed = (x: number | undefined, digits = 1): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

