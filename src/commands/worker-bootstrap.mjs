// From the TypeScript sources only (tests, bench): a worker thread starts without the parent's
// TypeScript loader, so register tsx, then run the entry. The compiled package runs worker-entry.js.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
