// Entry of the matching worker thread (worker-matching-engine.ts). A worker does not inherit the
// main thread's TypeScript loader, so it registers tsx itself before loading the worker code.
import { register } from 'tsx/esm/api';

register();
await import('./matching-worker.ts');
