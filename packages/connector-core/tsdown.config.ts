import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/index.ts', build: 'src/cli/build.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // `.js`, as package.json's exports name them (tsdown defaults to `.mjs` on node).
  fixedExtension: false,
  dts: true,
  clean: true,
});
