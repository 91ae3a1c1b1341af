/**
 * How deep lists and mappings may nest in a scenario or a variables file. A scenario needs a
 * handful of levels; the checks, the key search and the request bodies walk the document
 * recursively, and thousands of levels would overflow the stack there.
 */
export const MAX_NESTING = 64;

export const NESTING_MESSAGE = `is nested too deeply: more than ${MAX_NESTING} levels of lists or mappings`;
export const NESTING_FIX = 'flatten it; a scenario, dynamic variables included, needs only a few levels';

/** True when the value nests lists or objects more than `limit` levels deep. Iterative, so any depth is safe to ask about. Pure. */
export function nestsDeeperThan(value: unknown, limit = MAX_NESTING): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  // YAML aliases share objects (even cyclically): walk one again only when reached deeper than before.
  const deepest = new Map<object, number>();
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object' || (deepest.get(node) ?? 0) >= depth) continue;
    if (depth > limit) return true;
    deepest.set(node, depth);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
