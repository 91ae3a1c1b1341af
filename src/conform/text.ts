/**
 * Strings for boundary cases. JSON Schema counts a string's length in characters — Unicode code
 * points — so a limit must hold for text whose bytes (UTF-8) and UTF-16 units outnumber its
 * characters, and for text whose graphemes are fewer. Pure.
 */

/** Non-ASCII text kinds: each counts differently in bytes, UTF-16 units and graphemes. */
export const SCRIPTS = ['emoji', 'combining', 'cjk'] as const;
export type Script = (typeof SCRIPTS)[number];

const EMOJI = ['😀', '🚀', '🎉', '🌍'];
const CJK = ['中', '文', '字', '符'];
/** "e" + COMBINING ACUTE ACCENT: two characters, one grapheme, three bytes. */
const COMBINING = 'e\u0301';

export const SCRIPT_NAMES: Record<Script, string> = {
  emoji: 'emoji (4 bytes and 2 UTF-16 units per character)',
  combining: 'combining accents (e + U+0301: 2 characters, 3 bytes, 1 grapheme)',
  cjk: 'CJK (3 bytes per character)',
};

/** A string of exactly `length` characters, recognisable in logs. */
export function stringOfLength(field: string, length: number): string {
  const stem = `chatload_${field}_`;
  return length <= stem.length ? stem.slice(0, length) : stem.padEnd(length, 'x');
}

/** A string of exactly `length` characters (code points) of one non-ASCII kind. */
export function nonAsciiOfLength(script: Script, length: number): string {
  if (script === 'combining') return COMBINING.repeat(Math.floor(length / 2)) + (length % 2 ? 'e' : '');
  const units = script === 'emoji' ? EMOJI : CJK;
  let out = '';
  for (let i = 0; i < length; i++) out += units[i % units.length];
  return out;
}

export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Characters that are not combining marks: the graphemes of these scripts (Intl.Segmenter takes most of a second for 20 000). */
export function graphemes(text: string): number {
  return codePoints(text) - (text.match(/\p{M}/gu)?.length ?? 0);
}

/** "20480 characters = 40960 UTF-16 units = 81920 UTF-8 bytes" (and graphemes when fewer). */
export function describeSizes(text: string): string {
  const chars = codePoints(text);
  const g = graphemes(text);
  return `${chars} characters = ${text.length} UTF-16 units = ${Buffer.byteLength(text)} UTF-8 bytes${g < chars ? ` = ${g} graphemes` : ''}`;
}

/** Whitespace only: spaces, a tab, line breaks, a no-break space, an em space, an ideographic space. */
export const WHITESPACE_ONLY = ' \t\n\r\u00a0\u2003\u3000 ';
/** Control characters JSON must escape, NUL and ESC among them, with DEL and a C1 control. */
export const CONTROL_CHARACTERS = 'chatload\u0000\u0001\u0007\u0008\u000b\u000c\u001b[31m\u007f\u0085end';
