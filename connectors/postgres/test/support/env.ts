/**
 * The one place the tests read the environment. GRANTKIT_TEST_PG_URL points the suite at a
 * real PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres); without it the
 * suite runs against the embedded PGlite.
 */
export const REAL_PG_URL: string | undefined = process.env.GRANTKIT_TEST_PG_URL || undefined;
