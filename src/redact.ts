export const REDACTED = '[REDACTED]';

/** Replaces every occurrence of each secret in the text. Secrets shorter than 4 characters are ignored (they would blank ordinary text). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
