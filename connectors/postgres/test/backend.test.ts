import { describe, expect, inject, it } from 'vitest';

describe('the PostgreSQL the suite runs against', () => {
  const backend = inject('postgres');

  it(`is ${backend.kind === 'embedded' ? 'the embedded PGlite' : 'a real server'} (PostgreSQL ${backend.version})`, () => {
    expect(backend.url).toMatch(/^postgres(ql)?:\/\/.*@?(127\.0\.0\.1|localhost|\[::1\])/);
  });

  if (!backend.realConfigured) {
    it('real PostgreSQL', (context) => {
      context.skip('not configured (set GRANTKIT_TEST_PG_URL)');
    });
  }
});
