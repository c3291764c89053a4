import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  createOpenApiValidator,
  type OpenApiDocument,
  type ResponseValidator,
} from '@grantkit/connector-testing';

/*
 * Checks each answer of the fake GitHub against GitHub's official OpenAPI description
 * (`@octokit/openapi`) with the kit's validator: a drift of the fake from the real API
 * fails the test that caused it (the kit turns problems into a failure of `close()`).
 */

const require = createRequire(import.meta.url);
let document: OpenApiDocument | undefined;

/** The description is 13 MB: it is parsed once per process. */
function githubDescription(): OpenApiDocument {
  document ??= JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
  ) as OpenApiDocument;
  return document;
}

/**
 * A response validator for the fake; `basePath` is `/api/v3` when the fake serves the API
 * as GitHub Enterprise Server does.
 */
export function githubResponseValidator(basePath = ''): ResponseValidator {
  let validator = validators.get(basePath);
  if (validator === undefined) {
    validator = checkErrorsToo(createOpenApiValidator(githubDescription(), { basePath }));
    validators.set(basePath, validator);
  }
  return validator;
}

/** Compiled schemas are kept by the validator: one per base path, for the whole run. */
const validators = new Map<string, ResponseValidator>();

function checkErrorsToo(validate: ResponseValidator): ResponseValidator {
  return (exchange) => {
    // The OAuth endpoints live on the web host and are not part of the REST description.
    if (exchange.path.startsWith('/login/oauth/')) return [];
    // A 304 answers a conditional request, which GitHub honors on every GET (it documents
    // it on a few only); it has no body to check.
    if (exchange.status === 304) return exchange.body === undefined ? [] : ['a 304 with a body'];
    const problems = validate(exchange);
    if (exchange.status < 400) return problems;
    // GitHub documents only some error statuses of each operation (no 404 on most lists,
    // for one); every error shares its error body, which is checked instead.
    const undocumented = problems.filter((problem) =>
      /^status \d+ is not documented/.test(problem),
    );
    if (undocumented.length === 0) return problems;
    return isGitHubErrorBody(exchange.body)
      ? problems.filter((problem) => !undocumented.includes(problem))
      : [...problems, `the ${exchange.status} body is not GitHub's error body`];
  };
}

function isGitHubErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { message, documentation_url: documentation } = body as Record<string, unknown>;
  return typeof message === 'string' && typeof documentation === 'string';
}
