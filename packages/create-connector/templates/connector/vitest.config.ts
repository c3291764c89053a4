import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@grantkit/source'] },
  ssr: { resolve: { conditions: ['@grantkit/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
