#!/usr/bin/env node
import { runIntegration } from '@grantkit/connector-core';

// The integration loads only for calls; `info` answers from the build's info file.
await runIntegration(() => import('./integration.ts').then((module) => module.integration), {
  infoFile: new URL('./info.json', import.meta.url),
  bin: 'github-connector',
});
