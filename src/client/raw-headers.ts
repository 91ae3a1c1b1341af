/**
 * Raw response headers as undici hands them over (latin1 name/value buffers), read without
 * building an object per response: the checks need only the content type.
 */

/** Lower-case ASCII name of a raw header (latin1 bytes), as undici's parseHeaders would give it. */
function headerName(raw: Buffer): string {
  return raw.toString('latin1').toLowerCase();
}

/** The object undici's parseHeaders would build from raw headers, with repeated values joined by ", ". */
export function headersOf(raw: readonly Buffer[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = headerName(raw[i]!);
    const value = raw[i + 1]!.toString('latin1');
    const known = Object.hasOwn(out, name) ? out[name] : undefined;
    if (name === '__proto__') Object.defineProperty(out, name, { value: known === undefined ? value : `${known}, ${value}`, enumerable: true, configurable: true, writable: true });
    else out[name] = known === undefined ? value : `${known}, ${value}`;
  }
  return out;
}

const CONTENT_TYPE = Buffer.from('content-type');

/** The content-type value found by scanning raw header names, without decoding the others. */
export function rawContentType(raw: readonly Buffer[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== CONTENT_TYPE.length) continue;
    let same = true;
    for (let j = 0; j < name.length; j++) {
      // ASCII lower-casing; a non-letter byte with bit 0x20 set is compared as is.
      const c = name[j]!;
      if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== CONTENT_TYPE[j]) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    const value = raw[i + 1]!.toString('latin1');
    found = found === undefined ? value : `${found}, ${value}`;
  }
  return found;
}
