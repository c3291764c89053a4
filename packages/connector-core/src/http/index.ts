export type { HttpAuth } from './auth.ts';
export {
  type ConditionalRequestOptions,
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpResponse,
  type NotModifiedResponse,
  type PagesOptions,
  type RateLimitOptions,
  type RequestOptions,
} from './client.ts';
export { type HttpStatusError, isHttpStatusError } from './http-status-error.ts';
export { type LinkRelations, parseLinkHeader } from './link-header.ts';
export { parseRetryAfter, type RateLimitInfo, readRateLimit } from './rate-limit-headers.ts';
export { RateLimitedError, type RateLimitedErrorOptions } from './rate-limited-error.ts';
export { backoffDelay, isIdempotent, type RetryOptions } from './retry-policy.ts';
export { type SearchParams, urlPath } from './url.ts';
