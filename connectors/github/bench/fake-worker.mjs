// Worker threads do not inherit the `--import tsx` of the main thread: register it here.
import { register } from 'tsx/esm/api';

register();
await import('./fake-worker.ts');
