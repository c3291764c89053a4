import { type HTTPError, isHTTPError } from 'ky';
import { REDACTED, type Redactor, redactUrl } from '../errors/redactor.ts';

/**
 * ky's `HTTPError` as this client throws it. Its body is already read: use `upstreamBody`
 * (parsed JSON, or text), not `response.json()`. `response` keeps the status and headers;
 * `request` keeps method, URL and headers with secret values replaced by `[REDACTED]`.
 */
export type HttpStatusError = HTTPError & {
  /** The app's own error text from the body, one line, truncated, redacted. */
  upstreamMessage?: string;
  /** The error body: parsed JSON when it is JSON, else the text (at most 64 KiB). */
  upstreamBody?: unknown;
};

/** Whether `error` is an HTTP status error (of one of `statuses`, when given). */
export function isHttpStatusError(error: unknown, ...statuses: number[]): error is HttpStatusError {
  return isHTTPError(error) && (statuses.length === 0 || statuses.includes(error.response.status));
}

const MAX_BODY = 64 * 1024;
const MAX_MESSAGE = 300;

/**
 * Reads the error body into `upstreamBody` and `upstreamMessage`, and rewrites ky's
 * message so that it shows a redacted URL (ky's carries the query string as sent).
 */
export async function describeHttpError(error: HttpStatusError, redactor: Redactor): Promise<void> {
  const { response } = error;
  const request = sanitizeRequest(error.request, redactor);
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  error.message = `Request failed with status code ${response.status}${statusText}: ${request.method} ${redactUrl(request.url)}`;
  // ky keeps the request and its options (headers, body) on the error: anyone inspecting
  // or logging the error would see the credential. Keep only what is safe to show.
  error.request = request as HttpStatusError['request'];
  error.options = {
    method: request.method,
    headers: request.headers,
  } as HttpStatusError['options'];

  let text: string;
  try {
    text = (await response.text()).slice(0, MAX_BODY);
  } catch {
    return;
  } finally {
    // The response's URL is the request's, secret query values included; the copy has none.
    error.response = new Response(null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    }) as HttpStatusError['response'];
  }
  const body = parseJson(text);
  error.upstreamBody = body ?? text;
  const contentType = response.headers.get('content-type') ?? '';
  const message =
    body === undefined
      ? contentType.startsWith('text/plain')
        ? text
        : undefined
      : pickMessage(body);
  if (message !== undefined && message.trim() !== '') {
    error.upstreamMessage = truncate(redactor.redactText(message.replace(/\s+/g, ' ').trim()));
  }
}

/** Header names whose values are credentials whatever the redactor knows. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|x-api-key|api-key)$/i;

/** The request with its secret header values and query values replaced. */
function sanitizeRequest(request: Request, redactor: Redactor): Request {
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    const secret = SECRET_HEADERS.test(name) || redactor.redactText(value) !== value;
    headers.set(name, secret ? REDACTED : value);
  }
  const url = redactor.redactText(redactUrl(request.url));
  return new Request(url, { method: request.method, headers });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Keys apps put their error text under: GitHub, Okta, OAuth (RFC 6749), RFC 9457, others. */
const MESSAGE_KEYS = ['message', 'errorSummary', 'error_description', 'detail', 'error', 'title'];
/** Lists of detail entries: GitHub's `errors`, Okta's `errorCauses`. */
const DETAIL_KEYS = ['errors', 'errorCauses'];

function pickMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;

  let main: string | undefined;
  for (const key of MESSAGE_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') {
      main = value;
      break;
    }
    if (typeof value === 'object' && value !== null) {
      const nested = pickMessage(value);
      if (nested !== undefined) {
        main = nested;
        break;
      }
    }
  }

  const details = DETAIL_KEYS.flatMap((key) => {
    const list = record[key];
    return Array.isArray(list) ? list.slice(0, 3).map(describeDetail) : [];
  }).filter((detail): detail is string => detail !== undefined && detail !== main);
  if (details.length === 0) return main;
  return `${main ?? 'error'} (${details.join('; ')})`;
}

function describeDetail(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const record = entry as Record<string, unknown>;
  const text = [record.message, record.errorSummary].find((value) => typeof value === 'string');
  if (typeof text === 'string') return text;
  const parts = ['resource', 'field', 'code']
    .filter((key) => typeof record[key] === 'string')
    .map((key) => `${key}: ${record[key] as string}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function truncate(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}
