// Part of `npm run build` (after tsc): the files the compiled code reads at run time, beside it in dist/.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

copyFileSync('src/contract/openapi.yaml', 'dist/contract/openapi.yaml');
// The same document pre-parsed: src/contract/openapi.ts reads this one when it is there.
writeFileSync('dist/contract/openapi.json', JSON.stringify(parse(readFileSync('src/contract/openapi.yaml', 'utf8'))));
