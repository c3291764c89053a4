import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@grantkit/source'] },
  ssr: { resolve: { conditions: ['@grantkit/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // One PostgreSQL (embedded or real) serves every file; files run one after another,
    // which also keeps the shared machine's CPU for others.
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
