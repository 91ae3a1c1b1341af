/** A Prometheus text exposition read back: samples by name and labels, and the declared types. */
export interface Exposition {
  /** Sample value by `name{label="value",…}` (labels sorted by name); `name` alone without labels. */
  samples: Map<string, number>;
  types: Map<string, string>;
  help: Map<string, string>;
}

const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function sampleKey(name: string, labels: Record<string, string> = {}): string {
  const parts = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

export function parseExposition(text: string): Exposition {
  const out: Exposition = { samples: new Map(), types: new Map(), help: new Map() };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'HELP' ? out.help : out.types).set(meta[2]!, meta[3]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(LABEL)].map((m) => [m[1]!, m[2]!]));
    out.samples.set(sampleKey(sample[1]!, labels), Number(sample[3]));
  }
  return out;
}

/** The sum of every sample of `name` (all label sets). */
export function sumOf(exposition: Exposition, name: string): number {
  let total = 0;
  for (const [key, value] of exposition.samples) if (key === name || key.startsWith(`${name}{`)) total += value;
  return total;
}
