import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Format, ValidateFunction } from 'ajv';

/** Validators by name, as Ajv's standalone code exports them. */
export type Validators = Record<string, ValidateFunction>;

/** ajv-formats' table of formats; its file alone (its index loads Ajv's compiler). */
export function ajvFormats(): Record<string, Format> {
  return (createRequire(import.meta.url)('ajv-formats/dist/formats.js') as typeof import('ajv-formats/dist/formats.js')).fullFormats as Record<string, Format>;
}

/**
 * Loads validators `npm run build` generated with Ajv's standalone code (scripts/build-assets.mjs):
 * a CommonJS module exporting `(formats) => validators`, so it loads synchronously and takes the
 * format functions from the caller. Undefined when the file is not there (running from source).
 */
export function loadPrecompiled(file: URL, formats: () => Record<string, Format> = () => ({})): Validators | undefined {
  const path = fileURLToPath(file);
  if (!existsSync(path)) return undefined;
  const build = createRequire(import.meta.url)(path) as (formats: Record<string, Format>) => Validators;
  return build(formats());
}
