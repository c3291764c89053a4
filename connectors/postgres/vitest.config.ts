import { defineConfig } from 'vitest/config';
import { REAL_PG_URL } from './test/support/env.ts';

// The suite runs against the embedded PGlite always, and once more against a real server
// when GRANTKIT_TEST_PG_URL is set (.ci/run sets it): one project per backend.
const backends = ['embedded', ...(REAL_PG_URL === undefined ? [] : ['real'])];

export default defineConfig({
  resolve: { conditions: ['@grantkit/source'] },
  ssr: { resolve: { conditions: ['@grantkit/source'] } },
  test: {
    // Roles are cluster-wide, so files take turns; it also leaves the shared CPU to others.
    fileParallelism: false,
    projects: backends.map((name) => ({
      extends: true,
      test: {
        name,
        include: ['test/**/*.test.ts'],
        globalSetup: ['test/support/global-setup.ts'],
        testTimeout: 30_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
