/**
 * Throw it from a route handler to answer with a status and the app's error body (or the
 * body given). The pagination helpers throw it for a bad cursor or page size.
 */
export class FakeHttpError extends Error {
  override name = 'FakeHttpError';
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.body = options.body;
    this.headers = options.headers ?? {};
  }
}

/** Thrown by `close()` when the fake recorded problems: handler crashes or API drift. */
export class FakeAppProblemsError extends Error {
  override name = 'FakeAppProblemsError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `The fake app recorded ${problems.length} problem(s); fix the fake or the connector:\n- ${problems.join('\n- ')}`,
    );
    this.problems = problems;
  }
}
