#!/usr/bin/env node
import { runIntegration } from '@grantkit/connector-core/cli';

// Only the CLI entry loads at start; the integration is imported for calls, and `info`
// is answered from the info.json written beside the bundled bin at build time.
await runIntegration(async () => (await import('./integration.ts')).integration, {
  infoFile: new URL('./info.json', import.meta.url),
  bin: 'github-connector',
});
