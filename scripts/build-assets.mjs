// The end of `npm run build`, after tsc: the files the compiled code reads at run time, beside it in
// dist/, and no compiled file left over from a source that is gone (it would be packed and shipped).
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

copyFileSync('src/contract/openapi.yaml', 'dist/contract/openapi.yaml');
// The same document pre-parsed: src/contract/openapi.ts reads this one when it is there.
writeFileSync('dist/contract/openapi.json', JSON.stringify(parse(readFileSync('src/contract/openapi.yaml', 'utf8'))));

const ASSETS = new Set(['contract/openapi.yaml', 'contract/openapi.json']);
function prune(dir) {
  for (const name of readdirSync(join('dist', dir))) {
    const path = dir ? `${dir}/${name}` : name;
    if (statSync(join('dist', path)).isDirectory()) prune(path);
    else if (!ASSETS.has(path) && !existsSync(join('src', path.replace(/\.d\.ts$|\.js$/, '.ts'))) && !existsSync(join('src', path))) rmSync(join('dist', path));
  }
}
prune('');
