/**
 * The mock's ids: a prefix and 16 characters of [A-Za-z0-9], read as base-62 digits in blocks of
 * five (62⁵ < 2³², so one draw of the 32-bit generator fills a block) and a last single digit.
 * An id is built in one String.fromCharCode call, not by sixteen concatenations.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** Char code → digit, -1 for characters outside the alphabet. */
const DIGIT = new Int8Array(128).fill(-1);
for (let d = 0; d < CODE.length; d++) DIGIT[CODE[d]!] = d;

export const BASE = 62;
/** Values of one five-character block: [0, 62⁵). */
export const BLOCK = BASE ** 5;
export const ID_CHARS = 16;

/** The digits of an id after its prefix: three blocks and one last digit. */
export interface IdDigits {
  a: number;
  b: number;
  c: number;
  d: number;
}

export const drawBlock = (random: () => number): number => Math.floor(random() * BLOCK);
export const drawDigit = (random: () => number): number => Math.floor(random() * BASE);

const POWER = [1, BASE, BASE ** 2, BASE ** 3, BASE ** 4];
/** The character of digit k (0 = least significant) of a block. */
const char = (block: number, k: number): number => CODE[Math.floor(block / POWER[k]!) % BASE]!;

/** prefix + blocks a, b, c (each in [0, BLOCK)) + digit d (in [0, 62)), least significant digit first. */
export function idOf(prefix: string, a: number, b: number, c: number, d: number): string {
  return prefix + String.fromCharCode(
    char(a, 0), char(a, 1), char(a, 2), char(a, 3), char(a, 4),
    char(b, 0), char(b, 1), char(b, 2), char(b, 3), char(b, 4),
    char(c, 0), char(c, 1), char(c, 2), char(c, 3), char(c, 4),
    CODE[d]!,
  );
}

/** A new random id: four draws. */
export function randomId(prefix: string, random: () => number): string {
  return idOf(prefix, drawBlock(random), drawBlock(random), drawBlock(random), drawDigit(random));
}

function blockAt(id: string, at: number): number {
  let value = 0;
  for (let i = at + 4; i >= at; i--) {
    const code = id.charCodeAt(i);
    const digit = code < 128 ? DIGIT[code]! : -1;
    if (digit < 0) return -1;
    value = value * BASE + digit;
  }
  return value;
}

/** The digits of an id made by idOf with this prefix; undefined for any other string. */
export function digitsOf(id: string, prefix: string): IdDigits | undefined {
  if (id.length !== prefix.length + ID_CHARS || !id.startsWith(prefix)) return undefined;
  const at = prefix.length;
  const a = blockAt(id, at);
  const b = blockAt(id, at + 5);
  const c = blockAt(id, at + 10);
  const code = id.charCodeAt(at + 15);
  const d = code < 128 ? DIGIT[code]! : -1;
  return a < 0 || b < 0 || c < 0 || d < 0 ? undefined : { a, b, c, d };
}
