/**
 * Rewrites yargs' "Unknown arguments: bogus-flag, bogusFlag" in the same shape as every other
 * input problem: where, what, and the fix. Pure. Other messages pass through unchanged.
 */
export function explainUsageFailure(message: string): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message.trim());
  if (!unknown) return message;
  const names = unknown[1]!.split(', ');
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  // yargs lists a dashed flag twice, once camel-cased: keep the spelling the user typed.
  const typed = names.filter((name) => !/[A-Z]/.test(name) || !names.includes(kebab(name)));
  const flags = typed.map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
  const what = flags.length === 1 ? 'is not a known option' : 'are not known options';
  return `(command line): ${flags.join(', ')}: ${what} (fix: check the spelling; "chatload run --help" lists the options)`;
}
