import { InputError } from '../errors.js';

/** `--out ""` (an unset shell variable, say) would write the reports into the current folder: refuse it. */
export function checkOutOption(out: string | undefined): void {
  if (out === undefined || out.trim() !== '') return;
  throw InputError.single('(command line)', '--out', 'is empty, which would write the reports into the current folder', 'name a folder, e.g. --out reports/my-run, or drop --out for the default folder');
}
