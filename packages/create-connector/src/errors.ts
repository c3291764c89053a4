/**
 * A refusal of the scaffolder: a bad name, a clash, a folder that exists. Its message says
 * what was refused and what to do instead; `usage` marks a mistake on the command line.
 */
export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
  readonly usage: boolean;

  constructor(message: string, options: { usage?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.usage = options.usage ?? false;
  }
}
