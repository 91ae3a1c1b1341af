import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every problem is printed as "file: field: message (fix: ...)". A fix with its own parenthesised aside
 * reads as "(fix: ... (...))"; so no fix text the code can produce may hold parentheses. The texts are
 * collected from the sources: a `fix` property or variable, a `…FIX` constant, a `hint` appended to a
 * fix, and the fix argument of InputError.single.
 */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

const LITERAL = String.raw`('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|\x60(?:\\.|[^\x60\\])*\x60)`;
const PATTERNS = [
  new RegExp(String.raw`\bfix\s*[:=]\s*` + LITERAL, 'g'),
  new RegExp(String.raw`\bfix\s*[:=][^\n;]*?\?\s*` + LITERAL + String.raw`\s*:\s*` + LITERAL, 'g'),
  new RegExp(String.raw`\b[A-Z_]*FIX\b\s*=\s*` + LITERAL, 'g'),
  new RegExp(String.raw`\b[A-Z_]*FIX\b\s*\??\?\s*` + LITERAL, 'g'),
  new RegExp(String.raw`\b(?:hint|raise)\s*=\s*` + LITERAL, 'g'),
  new RegExp(String.raw`\b(?:hint|raise)\s*=[^\n;]*?\?\s*` + LITERAL + String.raw`\s*:\s*` + LITERAL, 'g'),
  // Helpers that take the fix last, e.g. bad('--warmup', message, fix).
  new RegExp(String.raw`\b(?:bad|fail|cannot)\([^;]*?,\s*` + LITERAL + String.raw`\s*\)`, 'g'),
  new RegExp(String.raw`InputError\.single\([^;]*?,\s*` + LITERAL + String.raw`\s*\)`, 'g'),
];

/** A literal's text, interpolations removed, and syntax that names a call (goodput(500ms), `sqlite3 FILE .recover`) left out. */
const prose = (literal: string) =>
  literal
    .slice(1, -1)
    .replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\$\(\([^)]*\)\)/g, '')
    .replace(/\w+\([^()\s]*\)/g, '');

describe('fix texts', () => {
  it('no fix the code can produce holds parentheses (the printed "(fix: ...)" would nest them)', async () => {
    const found: string[] = [];
    let count = 0;
    for (const file of await sources('src')) {
      const text = await readFile(file, 'utf8');
      for (const pattern of PATTERNS) {
        for (const match of text.matchAll(pattern)) {
          for (const literal of match.slice(1).filter((m) => m !== undefined)) {
            count++;
            if (/[()]/.test(prose(literal))) found.push(`${file}: ${literal}`);
          }
        }
      }
    }
    // The collector must see the fixes at all: a pattern that matched nothing would pass anything.
    expect(count).toBeGreaterThan(80);
    expect(found).toEqual([]);
  });
});
