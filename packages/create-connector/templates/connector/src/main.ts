#!/usr/bin/env node
import { runIntegration } from '@grantkit/connector-core/cli';

// The integration loads only for calls; `info` answers from the build's info file.
await runIntegration(async () => (await import('./integration.ts')).integration, {
  infoFile: new URL('./info.json', import.meta.url),
  bin: 'xapp-name-connector',
});
